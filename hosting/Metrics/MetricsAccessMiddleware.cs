using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.Hosting.Metrics;

/// <summary>
/// Guards /metrics with the server API key: <c>X-Api-Key: key</c>, or <c>Authorization: Bearer key</c>,
/// which is what Prometheus can send (its scrape configs set no custom headers). Refusals are 401 with the
/// server API's bodies: auth_required without a key, auth_failed with a wrong one.
/// </summary>
public sealed class MetricsAccessMiddleware(RequestDelegate next, ChatMetricsAccess access)
{
    private const string ApiKeyHeader = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    private static readonly byte[] Required = """{"error":"Authentication required","code":"auth_required"}"""u8.ToArray();
    private static readonly byte[] Failed = """{"error":"Authentication failed: invalid API key","code":"auth_failed"}"""u8.ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (!access.RequiresKey)
        {
            return next(context);
        }

        var request = context.Request;
        var apiKey = request.Headers[ApiKeyHeader].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (apiKey.Length == 0 && authorization.Length == 0)
        {
            return RefuseAsync(context.Response, Required);
        }

        var presented = apiKey.Length > 0 ? apiKey
            : authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim()
            : null;
        return presented is not null && access.Matches(presented) ? next(context) : RefuseAsync(context.Response, Failed);
    }

    private static Task RefuseAsync(HttpResponse response, byte[] body)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Bearer";
        response.ContentType = "application/json; charset=utf-8";
        return response.Body.WriteAsync(body).AsTask();
    }
}
