namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// The polling-to-WebSocket upgrade of a session: a new WebSocket claims it, the client probes with a
/// ping, the pending poll is answered with a noop, and the upgrade packet moves the session over.
/// </summary>
public sealed partial class EngineIoSession
{
    /// <summary>Claims the upgrade for a newly opened WebSocket; false when the session cannot upgrade (again).</summary>
    internal bool TryBeginUpgrade()
    {
        lock (_gate)
        {
            if (_isClosed || _transport != EngineIoTransportKind.Polling || _upgrade != UpgradeStage.None)
            {
                return false;
            }

            _upgrade = UpgradeStage.Connected;
            return true;
        }
    }

    /// <summary>The probe ping arrived: answer any pending poll with a noop so the client can pause polling.</summary>
    internal void OnProbe()
    {
        lock (_gate)
        {
            if (_upgrade == UpgradeStage.Connected)
            {
                _upgrade = UpgradeStage.Probed;
            }
        }

        Polling?.Interrupt();
    }

    /// <summary>The upgrade packet arrived: from now on the WebSocket carries the session.</summary>
    internal bool TryCompleteUpgrade()
    {
        lock (_gate)
        {
            if (_isClosed || _upgrade != UpgradeStage.Probed)
            {
                return false;
            }

            _upgrade = UpgradeStage.Upgraded;
            _transport = EngineIoTransportKind.WebSocket;
        }

        Upgraded.TrySetResult();
        Polling?.Interrupt();
        EngineIoLog.SessionUpgraded(_logger, Id);
        return true;
    }

    // Made by the first side to need it (a session that opened over WebSocket never upgrades): both see the same one.
    private TaskCompletionSource Upgraded =>
        LazyInitializer.EnsureInitialized(ref _upgraded, static () => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Waits up to <paramref name="timeout"/> for the upgrade packet; true once upgraded.</summary>
    internal async Task<bool> WaitForUpgradeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Upgraded.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        return Upgrade == UpgradeStage.Upgraded;
    }

    internal void AbandonUpgrade(string reason)
    {
        lock (_gate)
        {
            if (_upgrade is UpgradeStage.Connected or UpgradeStage.Probed)
            {
                _upgrade = UpgradeStage.None;
            }
        }

        EngineIoLog.UpgradeAbandoned(_logger, Id, reason);
    }
}
