using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Origins;

/// <summary>
/// Decides whether a browser page may use the chat endpoints, from the Origin header it sends. Allowed:
/// the gateway's own origin (Origin's host and port equal the request's Host, so the demo page served by
/// the gateway works), the origins in Gateway:AllowedOrigins, or any with "*". Refusing the rest stops
/// cross-site WebSocket hijacking (WebSockets ignore CORS: any site could otherwise open a connection
/// from its visitors' browsers, with their cookies and network position).
/// </summary>
public sealed class OriginGate
{
    private readonly bool _anyOrigin;
    private readonly HashSet<string> _origins;

    public OriginGate(IOptions<GatewayOptions> options)
    {
        var allowed = options.Value.AllowedOrigins;
        _anyOrigin = allowed.Contains("*");
        _origins = new HashSet<string>(allowed.Where(origin => origin != "*"), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether the page at <paramref name="origin"/> may make this request (which has an Origin header).</summary>
    public bool IsAllowed(HttpRequest request, string origin) =>
        _anyOrigin || _origins.Contains(origin) || IsSameOrigin(origin, request.Host);

    /// <summary>
    /// Host and port only: behind a TLS-terminating proxy the gateway sees http while the page is https.
    /// A Host without a port is the default port of the page's scheme.
    /// </summary>
    private static bool IsSameOrigin(string origin, HostString host) =>
        host.HasValue
        && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase)
        && (host.Port ?? (uri.Scheme == Uri.UriSchemeHttps ? 443 : 80)) == uri.Port;
}
