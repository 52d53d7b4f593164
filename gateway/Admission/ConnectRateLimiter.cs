using System.Net;
using System.Threading.RateLimiting;

namespace Orleans.Chat.Gateway.Admission;

/// <summary>
/// A token bucket per client address for new connections. The partitioned limiter refills every
/// bucket from one timer and drops a bucket once it has been full (idle) for a few seconds, so an
/// address that stopped connecting costs nothing: the table is bounded by the recently active addresses.
/// </summary>
internal sealed class ConnectRateLimiter : IDisposable
{
    private static readonly IPAddress Unknown = IPAddress.None;

    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public ConnectRateLimiter(int perMinute, int burst)
    {
        // The partitioned limiter replenishes on a 100 ms heartbeat, one period's tokens per beat at
        // most: a period of at least a second keeps the configured rate exact.
        var (period, tokens) = perMinute >= 60
            ? (TimeSpan.FromSeconds(1), (int)Math.Ceiling(perMinute / 60.0))
            : (TimeSpan.FromMinutes(1) / perMinute, 1);
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => options));
    }

    /// <summary>Takes one connect for <paramref name="address"/>; false when its bucket is empty.</summary>
    public bool TryTake(IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(address ?? Unknown);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
