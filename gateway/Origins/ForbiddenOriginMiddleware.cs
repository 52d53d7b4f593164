using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Origins;

/// <summary>Answers 403 forbidden_origin to a browser request from an origin <see cref="OriginGate"/> refuses, before any upgrade or handshake.</summary>
internal sealed partial class ForbiddenOriginMiddleware(RequestDelegate next, OriginGate gate, ILogger<ForbiddenOriginMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || gate.IsAllowed(context.Request, origin))
        {
            return next(context);
        }

        LogRefused(logger, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(ClientErrors.ForbiddenOrigin, ChatJsonContext.Default.ErrorPayload);
    }

    // Debug: a flood of refusals must not flood the log.
    [LoggerMessage(EventId = 5600, Level = LogLevel.Debug, Message = "Refused a request to {Path} from a foreign origin")]
    private static partial void LogRefused(ILogger logger, PathString path);
}
