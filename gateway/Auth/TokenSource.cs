using Microsoft.Extensions.Primitives;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>Finds the client token of an HTTP request: ?token= or Authorization: Bearer.</summary>
public static class TokenSource
{
    public static string? FromRequest(HttpRequest request) =>
        From(request.Query.TryGetValue("token", out var query) ? query : StringValues.Empty, request.Headers.Authorization);

    /// <summary>The same rule from the parts: a non-empty ?token= wins over the Authorization header.</summary>
    public static string? From(StringValues queryToken, StringValues authorization)
    {
        var query = queryToken.ToString();
        return !string.IsNullOrEmpty(query) ? query : FromAuthorization(authorization);
    }

    /// <summary>The Authorization: Bearer token only (endpoints whose answer must not be reachable by a URL that leaks into logs).</summary>
    public static string? FromHeader(HttpRequest request) => FromAuthorization(request.Headers.Authorization);

    private static string? FromAuthorization(StringValues authorization)
    {
        var header = authorization.ToString();
        const string Bearer = "Bearer ";
        if (header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            var token = header[Bearer.Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        return null;
    }
}
