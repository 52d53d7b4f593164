using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// In cluster mode, when the set of silos this gateway is connected to changes (a silo died or
/// joined), live events pushed by grains on that silo may have been lost, and so may the subscriptions and
/// presence counts its grains held: the gateway re-asserts them all (<see cref="GatewayReassert"/>), repairing
/// every local room from history, once the cluster has settled.
/// </summary>
public sealed partial class ClusterConnectionWatcher(IServiceProvider services, ILogger<ClusterConnectionWatcher> logger) : IClusterConnectionStatusObserver, IAsyncDisposable
{
    /// <summary>
    /// Repair passes after a change: the first ones may run before the cluster has declared the
    /// silo dead (calls to rooms that lived on it fail), so later passes catch those rooms.
    /// </summary>
    private static readonly TimeSpan[] PassDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    private readonly CancellationTokenSource _stopping = new();
    private Task _resync = Task.CompletedTask;
    private int _resyncRunning;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        LogGatewayCountChanged(logger, previousNumberOfGateways, currentNumberOfGateways);
        GatewayMetrics.ClusterConnected(currentNumberOfGateways > 0);

        // In the background: Orleans calls this on its connection thread, and the passes span a minute.
        // One at a time; it logs its own failures and is stopped when the gateway's services are disposed.
        if (Interlocked.Exchange(ref _resyncRunning, 1) == 0)
        {
            Volatile.Write(ref _resync, ResyncAsync(_stopping.Token));
        }
    }

    public void NotifyClusterConnectionLost()
    {
        GatewayMetrics.ClusterConnected(false);
        LogConnectionLost(logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Volatile.Read(ref _resync);
        _stopping.Dispose();
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var delay in PassDelays)
            {
                await Task.Delay(delay, services.GetRequiredService<TimeProvider>(), cancellationToken);
                try
                {
                    // Resolved late: the fan-out depends on the cluster client, which depends on this observer.
                    await services.GetRequiredService<GatewayReassert>().ReassertAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogResyncFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The gateway is stopping: the rooms go with it.
        }
        finally
        {
            Volatile.Write(ref _resyncRunning, 0);
        }
    }

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Connected silos changed from {Previous} to {Current}: re-asserting subscriptions and presence, repairing rooms from history")]
    private static partial void LogGatewayCountChanged(ILogger logger, int previous, int current);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Error, Message = "Lost the connection to the cluster")]
    private static partial void LogConnectionLost(ILogger logger);

    [LoggerMessage(EventId = 5404, Level = LogLevel.Error, Message = "Re-asserting subscriptions and presence after a cluster change failed")]
    private static partial void LogResyncFailed(ILogger logger, Exception ex);
}
