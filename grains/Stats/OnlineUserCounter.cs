using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>
/// This silo's change of online users since its last flush. User grains (their presence) here count in memory (no grain
/// call); every Presence:StatsFlushInterval one <see cref="IChatStatsGrain.AddOnlineUsers"/> call sends the
/// sum, none when it is zero: the single stats grain sees one call and one write per silo per interval,
/// never one per connect or disconnect.
/// </summary>
/// <remarks>
/// One loop sends, so a silo's changes reach the stats in order. A failed send is added back for the next
/// flush; a silo that crashes loses its unsent change (the stats count never goes below zero).
/// </remarks>
public sealed partial class OnlineUserCounter(
    IGrainFactory grains,
    IOptions<PresenceOptions> options,
    TimeProvider time,
    ILogger<OnlineUserCounter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private int _delta;
    private readonly PeriodicLoop _loop = new();

    /// <summary>The change not sent yet.</summary>
    public int Pending => Volatile.Read(ref _delta);

    public void Online() => Interlocked.Increment(ref _delta);

    public void Offline() => Interlocked.Decrement(ref _delta);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OnlineUserCounter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Sends the change so far, if any; on failure keeps it for the next flush.</summary>
    internal async Task FlushAsync(IChatStatsGrain stats, CancellationToken cancellationToken = default)
    {
        var delta = Interlocked.Exchange(ref _delta, 0);
        if (delta == 0)
        {
            return;
        }

        try
        {
            await stats.AddOnlineUsers(delta).WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // The call may still land (a timeout): counting twice is the lesser harm than never counting.
            Interlocked.Add(ref _delta, delta);
            LogFlushFailed(logger, ex, delta);
        }
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop.Start(options.Value.StatsFlushInterval, time, () => FlushAsync(Stats));
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        // A send in flight is not cancelled (it may land): it finishes first, or the stop gives up on both.
        if (await _loop.StopAsync(cancellationToken))
        {
            // Best effort: what changed since the last flush, within the time the stop allows.
            await FlushAsync(Stats, cancellationToken);
        }
    }

    private IChatStatsGrain Stats => grains.Reference<IChatStatsGrain>(0);

    [LoggerMessage(3113, LogLevel.Warning, "Sending {Delta} online users to the cluster stats failed; kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception ex, int delta);
}
