using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Api;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Calls;

/// <summary>
/// GET /api/ice-servers with the client token in Authorization: Bearer: the STUN servers and, when
/// configured, the TURN servers with credentials valid for Calls:TurnCredentialTtl. Only the header
/// is read (no ?token=): the answer carries a credential, and a query string ends up in logs.
/// </summary>
public static class IceServersEndpoint
{
    public const string Path = "/api/ice-servers";

    public static IEndpointRouteBuilder MapIceServers(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Get).RequireRateLimiting(HttpRateLimits.ServerApiPolicy);
        return app;
    }

    private static IResult Get(HttpContext context, ChatTokenValidator tokens, IOptions<CallsOptions> calls, TimeProvider time)
    {
        if (TokenSource.FromHeader(context.Request) is not { } token)
        {
            return Unauthorized(ClientErrors.AuthRequired);
        }

        var outcome = tokens.Validate(token);
        if (!outcome.Succeeded)
        {
            return Unauthorized(ClientErrors.AuthFailed(outcome.FailureReason!));
        }

        var options = calls.Value;
        var servers = new List<IceServer>(2);
        if (options.StunUrls.Length > 0)
        {
            servers.Add(new IceServer(options.StunUrls));
        }

        if (options.HasTurn)
        {
            var (username, credential) = TurnCredentials.Create(options.TurnSecret!, outcome.User!.Id, time.GetUtcNow() + options.TurnCredentialTtl);
            servers.Add(new IceServer(options.TurnUrls, username, credential));
        }

        // A credential: never kept by a cache or proxy.
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new IceServersResponse(servers, (long)options.TurnCredentialTtl.TotalSeconds), CallJsonContext.Default.IceServersResponse);
    }

    private static IResult Unauthorized(ErrorPayload error) =>
        Results.Json(error, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status401Unauthorized);
}

/// <summary>The answer: RTCConfiguration.iceServers as the browser takes it, and the credentials' lifetime in seconds.</summary>
public sealed record IceServersResponse(IReadOnlyList<IceServer> IceServers, long Ttl);

/// <summary>One RTCIceServer: urls, and for TURN the username and credential.</summary>
public sealed record IceServer(
    IReadOnlyList<string> Urls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential = null);
