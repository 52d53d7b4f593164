namespace Orleans.Chat.Gateway.Auth;

/// <summary>Finds the client token of an HTTP request: ?token= or Authorization: Bearer.</summary>
public static class TokenSource
{
    public static string? FromRequest(HttpRequest request)
    {
        if (request.Query.TryGetValue("token", out var query) && !string.IsNullOrEmpty(query.ToString()))
        {
            return query.ToString();
        }

        return FromHeader(request);
    }

    /// <summary>The Authorization: Bearer token only (endpoints whose answer must not be reachable by a URL that leaks into logs).</summary>
    public static string? FromHeader(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            var token = header[Bearer.Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        return null;
    }
}
