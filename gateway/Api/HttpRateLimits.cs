using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// ASP.NET Core's rate limiter on the HTTP endpoints: the server API (/api/*) per client address,
/// with separate budgets for requests that carry the right API key and those that do not (a
/// wrong-key flood cannot starve a backend behind the same address), and POST /auth/dev-token
/// per client address. Over the limit: 429, Retry-After, {error, code: "rate_limited"}.
/// </summary>
public static class HttpRateLimits
{
    public const string ServerApiPolicy = "server-api";
    public const string DevTokenPolicy = "dev-token";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddChatHttpRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>, IOptions<AuthOptions>>((limiter, api, auth) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(ServerApiPolicy, context => PerMinute(
                $"{ClientAddress(context)}|{(HasValidApiKey(context, api.Value) ? "key" : "no-key")}",
                api.Value.RequestsPerMinute));
            limiter.AddPolicy(DevTokenPolicy, context => PerMinute(ClientAddress(context), auth.Value.DevTokensPerMinute));
        });
        return services;
    }

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
        });

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool HasValidApiKey(HttpContext context, ApiOptions api) =>
        !string.IsNullOrEmpty(api.Key)
        && context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString() is { Length: > 0 } presented
        && ApiKeyAuthenticationHandler.Matches(presented, api.Key);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(ClientErrors.RateLimited, ChatJsonContext.Default.ErrorPayload, contentType: null, cancellationToken);
    }
}
