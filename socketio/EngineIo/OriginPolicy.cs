using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// CORS for the polling transport (browsers send credentials, so the allowed origin is echoed rather
/// than "*") and the origin check that protects WebSockets from cross-site use.
/// </summary>
internal sealed class OriginPolicy
{
    private readonly bool _anyOrigin;
    private readonly HashSet<string> _origins;
    private readonly Func<HttpContext, string, bool>? _isAllowed;

    public OriginPolicy(SocketIoOptions options)
    {
        _isAllowed = options.IsOriginAllowed;
        _anyOrigin = options.AllowedOrigins.Contains("*");
        _origins = new HashSet<string>(options.AllowedOrigins.Where(o => o != "*"), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Adds the CORS headers for an allowed origin; false when the request must be refused.</summary>
    public bool Apply(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (_isAllowed is not null ? _isAllowed(context, origin) : _anyOrigin || _origins.Contains(origin))
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowCredentials = "true";
            headers.Vary = HeaderNames.Origin;
            return true;
        }

        // An empty list configures no CORS at all: browsers then block cross-origin polling themselves.
        return _isAllowed is null && _origins.Count == 0;
    }

    public void WritePreflight(HttpContext context)
    {
        var response = context.Response;
        if (Apply(context) && context.Request.Headers.Origin.Count > 0)
        {
            response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
            var requested = context.Request.Headers.AccessControlRequestHeaders;
            if (requested.Count > 0)
            {
                response.Headers.AccessControlAllowHeaders = requested;
            }
        }

        response.StatusCode = StatusCodes.Status204NoContent;
    }
}
