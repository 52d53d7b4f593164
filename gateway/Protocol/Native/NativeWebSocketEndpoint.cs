using Orleans.Chat.Gateway.Admission;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// GET /ws: who may open a native session. Authenticates before the upgrade and applies the
/// connection caps, then hands the request to <see cref="NativeWebSocketTransport"/>.
/// </summary>
public sealed class NativeWebSocketEndpoint(
    ChatTokenValidator tokens,
    ConnectionAdmission admission,
    NativeWebSocketTransport transport,
    ILoggerFactory loggers)
{
    private readonly ILogger _connections = ConnectionLog.For(loggers);

    public async Task HandleAsync(HttpContext context)
    {
        if (await tokens.ValidateRequestAsync(context.Request) is not { } auth)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthRequired);
            return;
        }

        if (!auth.Succeeded)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthFailed(auth.FailureReason!));
            return;
        }

        RequestSecrets.Forget(context.Request);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, new ErrorPayload("WebSocket upgrade required", "invalid_format"));
            return;
        }

        // Caps after authentication: refused tokens cost no connect budget, and the user is known.
        using var addressSlot = admission.TryAdmitAddress(context.Connection.RemoteIpAddress);
        using var userSlot = addressSlot is null ? null : admission.TryAdmitUser(auth.User!.Id);
        if (userSlot is null)
        {
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, ClientErrors.TooManyConnections);
            return;
        }

        await transport.RunAsync(context, auth.User!, auth.ExpiresAt);
    }

    /// <summary>Answers with the error; the log line has its code and message, which never hold the token.</summary>
    private Task RefuseAsync(HttpContext context, int status, ErrorPayload error)
    {
        ConnectionLog.Refused(_connections, context.Connection.RemoteIpAddress, SessionOrigin.Native, "websocket", $"{error.Code}: {error.Error}");
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, ChatJsonContext.Default.ErrorPayload);
    }
}
