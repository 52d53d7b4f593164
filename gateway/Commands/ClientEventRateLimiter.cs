using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// Limits the client events of each user on this gateway (all of the user's connections
/// together) to Limits:EventsPerMinute over a sliding minute.
/// </summary>
public sealed class ClientEventRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ClientEventRateLimiter(IOptions<LimitsOptions> options)
    {
        var permits = options.Value.EventsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetSlidingWindowLimiter(
            userId,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public bool TryAcquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
