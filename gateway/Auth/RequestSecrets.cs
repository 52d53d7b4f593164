using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>
/// The parts of a client's request that hold secrets, how views show them ("[REDACTED]"), and how a
/// connection lets go of its token once it has been checked.
/// </summary>
public static class RequestSecrets
{
    public const string Redacted = "[REDACTED]";

    public static bool IsSecretHeader(string name) =>
        name.Equals("authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("cookie", StringComparison.OrdinalIgnoreCase)
        || name.Equals("sec-websocket-protocol", StringComparison.OrdinalIgnoreCase);

    public static bool IsSecretQuery(string name) =>
        name.Equals("token", StringComparison.OrdinalIgnoreCase) || name.Equals("access_token", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Replaces the token in the URL (?token=, ?access_token=) and the Authorization header with
    /// <see cref="Redacted"/>. A WebSocket's request lives as long as the connection, and it would
    /// otherwise keep the token three times (the raw target, the query string and the parsed query):
    /// about 1.4 kB per idle connection for a 230-character token, and every connected user's token
    /// in a heap dump of the gateway.
    /// </summary>
    public static void Forget(HttpRequest request)
    {
        if (request.Headers.ContainsKey("Authorization"))
        {
            request.Headers.Authorization = Redacted;
        }

        if (!request.Query.Keys.Any(IsSecretQuery))
        {
            return;
        }

        var redacted = QueryString.Create(request.Query.Select(
            q => KeyValuePair.Create(q.Key, IsSecretQuery(q.Key) ? new StringValues(Redacted) : q.Value)));
        var line = request.HttpContext.Features.GetRequiredFeature<IHttpRequestFeature>();
        var pathEnd = line.RawTarget.IndexOf('?', StringComparison.Ordinal);
        line.RawTarget = (pathEnd < 0 ? line.RawTarget : line.RawTarget[..pathEnd]) + redacted.Value;
        line.QueryString = redacted.Value ?? string.Empty;
        // The parsed query goes too: a view that reads it parses the redacted string again.
        request.HttpContext.Features.Set<IQueryFeature>(null);
    }
}
