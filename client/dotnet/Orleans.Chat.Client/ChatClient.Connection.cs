using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client;

// Opening the connection, and re-opening it with backoff after a drop.
public sealed partial class ChatClient
{
    // Guarded by _gate. _run identifies the current connect/reconnect loop; a loop that finds it
    // replaced (disposal, a cancelled first connect) stops.
    private CancellationTokenSource? _run;
    private Task _runLoop = Task.CompletedTask;
    private SocketConnection? _connection;
    private TaskCompletionSource<ConnectedEvent>? _connectWaiter;

    /// <summary>
    /// Opens the connection and returns the <c>connected</c> payload. The first attempt does not retry:
    /// it throws <see cref="ChatException"/> with <see cref="ChatErrorCodes.ConnectFailed"/>. While the client
    /// reconnects, this waits for the new connection. Cancelling a first connect stops it.
    /// </summary>
    public Task<ConnectedEvent> ConnectAsync(CancellationToken cancellationToken = default)
    {
        Task<ConnectedEvent> connected;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state == ConnectionState.Connected && _session is { } session)
            {
                return Task.FromResult(session);
            }

            _connectWaiter ??= new TaskCompletionSource<ConnectedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            connected = _connectWaiter.Task;
            if (_state == ConnectionState.Disconnected)
            {
                StartRunLocked();
            }
        }

        return cancellationToken.CanBeCanceled ? WaitConnectedAsync(connected, cancellationToken) : connected;
    }

    private async Task<ConnectedEvent> WaitConnectedAsync(Task<ConnectedEvent> connected, CancellationToken cancellationToken)
    {
        try
        {
            return await connected.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CancellationTokenSource? run = null;
            SocketConnection? connection = null;
            lock (_gate)
            {
                // A reconnect goes on (queued requests wait for it); a first connect given up on stops.
                if (_state == ConnectionState.Connecting)
                {
                    (run, connection, _) = DetachRunLocked();
                    _connectWaiter?.TrySetCanceled(cancellationToken);
                    _connectWaiter = null;
                    SetStateLocked(ConnectionState.Disconnected);
                }
            }

            await StopRunAsync(run, connection, graceful: false).ConfigureAwait(false);
            throw;
        }
    }

    private void StartRunLocked()
    {
        // Holds no timer or handle, so it is never disposed: a stopping loop may still read its token.
        var run = new CancellationTokenSource();
        _run = run;
        SetStateLocked(ConnectionState.Connecting);
        _runLoop = Task.Run(() => RunAsync(run));
    }

    /// <summary>Takes the current loop and connection away from the client; stop them with <see cref="StopRunAsync"/> outside the lock.</summary>
    private (CancellationTokenSource? Run, SocketConnection? Connection, Task Loop) DetachRunLocked()
    {
        var detached = (_run, _connection, _runLoop);
        _run = null;
        _connection = null;
        return detached;
    }

    private static async Task StopRunAsync(CancellationTokenSource? run, SocketConnection? connection, bool graceful)
    {
        run?.Cancel();
        if (connection is null)
        {
            return;
        }

        if (graceful)
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
        else
        {
            connection.Abort();
        }
    }

    /// <summary>Connects, and after each drop reconnects with backoff until stopped or out of attempts.</summary>
    private async Task RunAsync(CancellationTokenSource run)
    {
        var attempt = 0;
        while (true)
        {
            var (wasConnected, error) = await ConnectOnceAsync(run).ConfigureAwait(false);
            TimeSpan delay;
            lock (_gate)
            {
                if (_run != run)
                {
                    return;
                }

                if (wasConnected)
                {
                    attempt = 0;
                }
                else if (_state == ConnectionState.Connecting)
                {
                    // The first attempt reports to ConnectAsync instead of retrying (a wrong URL or token should not spin).
                    _run = null;
                    FailConnectWaiterLocked(error);
                    SetStateLocked(ConnectionState.Disconnected);
                    return;
                }

                if (attempt >= _options.Reconnect.MaxAttempts)
                {
                    _run = null;
                    var gaveUp = new ChatException(ChatErrorCodes.Disconnected, $"Could not reconnect: {error.Message}", error);
                    FailAllLocked(gaveUp);
                    FailConnectWaiterLocked(gaveUp);
                    SetStateLocked(ConnectionState.Disconnected);
                    return;
                }

                delay = Backoff.Delay(_options.Reconnect, attempt++, Random.Shared.NextDouble());
                SetStateLocked(ConnectionState.Reconnecting);
            }

            try
            {
                await Task.Delay(delay, _time, run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection, from opening to its end. Returns whether it got as far as <c>connected</c>, and why it ended.</summary>
    private async Task<(bool WasConnected, ChatException Error)> ConnectOnceAsync(CancellationTokenSource run)
    {
        SocketConnection connection;
        try
        {
            var token = await _options.TokenProvider(run.Token).ConfigureAwait(false);
            connection = await SocketConnection.OpenAsync(_options, token, run.Token).ConfigureAwait(false);
            Volatile.Write(ref _token, token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            return (false, Stopped());
        }
        catch (Exception ex)
        {
            // Whatever the token provider or the handshake threw (network, HTTP 401): this attempt failed.
            return (false, new ChatException(ChatErrorCodes.ConnectFailed, $"Could not connect to {_options.ServerUri}: {ex.Message}", ex));
        }

        await using (connection.ConfigureAwait(false))
        {
            lock (_gate)
            {
                if (_run != run)
                {
                    return (false, Stopped());
                }

                _connection = connection;
            }

            var reason = await connection.ReceiveAllAsync(message => OnMessage(connection, message)).ConfigureAwait(false);
            lock (_gate)
            {
                if (_connection != connection)
                {
                    return (false, Stopped());
                }

                _connection = null;
                foreach (var request in _outbox.Suspend())
                {
                    request.Fail(new ChatException(ChatErrorCodes.Disconnected, $"The connection was lost before the ack of {request.Type}"));
                }

                // Live messages held for a recovery that did not finish: the next recovery fetches them again.
                _rooms.DropHeld();
                _conversations.DropHeld();
                _roomChanges.DropHeld();
                _conversationChanges.DropHeld();
                return (_state == ConnectionState.Connected, new ChatException(ChatErrorCodes.ConnectFailed, $"Connection lost: {reason}"));
            }
        }

        static ChatException Stopped() => new(ChatErrorCodes.Closed, "Stopped");
    }

    private void FailConnectWaiterLocked(Exception error)
    {
        _connectWaiter?.TrySetException(error);
        _connectWaiter = null;
    }

    private void FailAllLocked(ChatException error)
    {
        foreach (var request in _outbox.TakeAll())
        {
            request.Fail(error);
        }
    }
}
