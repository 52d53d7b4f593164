using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// Limits the client events of each user on this gateway (all of the user's connections
/// together) to Limits:EventsPerMinute over a sliding minute. An upload-chunk counts as a quarter
/// of an event (<see cref="ChunksPerEvent"/>): a 25 MB file is 100 chunks, which as whole events would
/// take a minute of the default budget, yet a chunk is still no free grain call and store write.
/// </summary>
public sealed class ClientEventRateLimiter : IDisposable
{
    /// <summary>upload-chunk events that cost as much as one other event.</summary>
    public const int ChunksPerEvent = 4;

    private readonly PartitionedRateLimiter<string> _limiter;

    public ClientEventRateLimiter(IOptions<LimitsOptions> options)
    {
        var permits = options.Value.EventsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetSlidingWindowLimiter(
            userId,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permits * ChunksPerEvent,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public bool TryAcquire(string userId, string eventName)
    {
        using var lease = _limiter.AttemptAcquire(userId, eventName == ClientEventNames.UploadChunk ? 1 : ChunksPerEvent);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
