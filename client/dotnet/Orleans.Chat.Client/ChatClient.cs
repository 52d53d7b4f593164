using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client;

/// <summary>
/// Client of the Orleans.Chat gateway's native WebSocket protocol (<c>GET /ws</c>).
/// </summary>
/// <remarks>
/// <para>Every request carries an id and completes with its typed ack, or throws <see cref="ChatException"/>.
/// Requests made while disconnected wait for the connection. After a drop the client reconnects with
/// backoff and re-sends unacked requests; messages keep their clientMsgId, so the server stores them once.</para>
/// <para>Room messages reach <see cref="NewMessage"/> exactly once per seq and in seq order, also across
/// reconnects: the client re-joins its rooms with the last seq it delivered and replays what it missed
/// before live messages, then raises <see cref="Recovered"/>. Private messages reach <see cref="PrivateMessage"/>
/// once per (conversationId, seq), in seq order per conversation, from live events, pending messages and
/// history: after a reconnect (or a gap in a conversation's seqs) the client fetches what it missed.</para>
/// <para>Event handlers run one at a time on a background task, in the order the events arrived; a slow
/// handler delays later events but never the connection. Subscribe before <see cref="ConnectAsync"/> to see
/// <see cref="Connected"/> and <see cref="PendingMessages"/>.</para>
/// </remarks>
public sealed partial class ChatClient : IAsyncDisposable
{
    private readonly ChatClientOptions _options;
    private readonly TimeProvider _time;
    private readonly EventDispatcher _events;

    // Everything below is guarded by _gate. Never call into a socket, a cancellation source or app
    // code while holding it: their callbacks may run inline and come back into the client.
    private readonly Lock _gate = new();
    private readonly Outbox _outbox = new();
    private readonly RoomSeqTracker _rooms = new();
    private readonly ConversationSeqTracker _conversations = new();
    private readonly ChangeTracker _roomChanges = new();
    private readonly ChangeTracker _conversationChanges = new();
    private readonly UnreadTracker _unread = new();
    private ConnectionState _state = ConnectionState.Disconnected;
    private ConnectedEvent? _session;
    private bool _everConnected;
    private bool _disposed;
    private PresenceStatus? _status;
    private long _nextRequestId;

    /// <summary>Creates a client; nothing is opened before <see cref="ConnectAsync"/>.</summary>
    public ChatClient(ChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.ServerUri);
        ArgumentNullException.ThrowIfNull(options.TokenProvider);
        ArgumentNullException.ThrowIfNull(options.Reconnect);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.AckTimeout, TimeSpan.Zero, nameof(options.AckTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.UploadConcurrency, 1, nameof(options.UploadConcurrency));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Reconnect.MaxAttempts, nameof(options.Reconnect.MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Reconnect.MinDelay, TimeSpan.Zero, nameof(options.Reconnect.MinDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Reconnect.MaxDelay, options.Reconnect.MinDelay, nameof(options.Reconnect.MaxDelay));
        if (options.Reconnect.Jitter is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Reconnect.Jitter must be between 0 and 1.");
        }

        _options = options;
        _time = options.TimeProvider;
        _events = new EventDispatcher(options.HandlerExceptionCallback);
    }

    /// <summary>The connection state; <see cref="StateChanged"/> reports each change.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The payload of the last <c>connected</c> event, or null before the first.</summary>
    public ConnectedEvent? Session
    {
        get
        {
            lock (_gate)
            {
                return _session;
            }
        }
    }

    /// <summary>The highest seq of the room given to the app (through <see cref="NewMessage"/> or a join ack), or null when unknown.</summary>
    public long? GetLastSeq(string roomId)
    {
        lock (_gate)
        {
            return _rooms.LastSeq(roomId);
        }
    }

    /// <summary>Closes the connection for good: no reconnect; unacked requests fail with <see cref="ChatErrorCodes.Closed"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        CancellationTokenSource? run;
        SocketConnection? connection;
        Task loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            (run, connection, loop) = DetachRunLocked();
            var closed = new ChatException(ChatErrorCodes.Closed, "The client was disposed");
            FailAllLocked(closed);
            FailConnectWaiterLocked(closed);
            SetStateLocked(ConnectionState.Disconnected);
        }

        await StopRunAsync(run, connection, graceful: true).ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        _events.Complete();
    }

    /// <summary>Test hook: drops the socket as a network failure would; the client reconnects.</summary>
    internal void AbortTransportForTesting()
    {
        SocketConnection? connection;
        lock (_gate)
        {
            connection = _connection;
        }

        connection?.Abort();
    }

    /// <summary>Test hook: the client stops reading the socket (acks and events stay unread) until the socket is aborted.</summary>
    internal void PauseReceivingForTesting()
    {
        lock (_gate)
        {
            _connection?.PauseReceiving();
        }
    }

    private void SetStateLocked(ConnectionState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        Raise(static c => c.StateChanged, state);
    }
}
