using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Model;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// One client connection, whatever its protocol: the authenticated user, the rooms it is
/// subscribed to, and its outbound frames, which go to the connection's bounded queue so that
/// fan-out never waits on a slow socket.
/// </summary>
public sealed class ChatSession(string id, ChatUser user, ISessionConnection connection)
{
    private readonly HashSet<string> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _openGate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private CommandPipeline? _commands;
    private List<(ReadOnlyMemory<byte> Frame, TaskCompletionSource? Written)>? _heldUntilConnected;
    private volatile bool _connectedSent;
    private int _aborted;
    private int _closing;
    private string? _endReason;
    private long _openedAt;

    public string Id { get; } = id;
    public ChatUser User { get; } = user;
    public UserRef UserRef { get; } = new() { Id = user.Id, Name = user.Name };
    public ISessionConnection Connection { get; } = connection;
    public TypingTracker Typing { get; } = new();

    /// <summary>Where the connection comes from, for the connection log and operator views.</summary>
    public SessionOrigin Origin { get; init; } = SessionOrigin.Unknown;

    /// <summary>Why the server ended the session (abort or close); null when it did not.</summary>
    public string? EndReason => Volatile.Read(ref _endReason);

    /// <summary>The uploads this session started or resumed (null until its first upload-start).</summary>
    public Files.SessionUploads? Uploads { get; set; }

    /// <summary>When the session's token expires; refresh-token moves it on (see <see cref="TokenExpiryWatch"/>).</summary>
    public SessionToken Token { get; init; } = new(null);
    public CommandPipeline Commands => _commands ??= new CommandPipeline(ex => Abort($"client event failed: {ex.GetType().Name}"));

    /// <summary>Set when the session was closed because its outbound queue was full (the disconnect's reason).</summary>
    public bool DroppedAsSlow { get; private set; }

    /// <summary>Set once presence counted this connection; only then is it uncounted on close.</summary>
    public bool PresenceCounted { get; set; }

    /// <summary>Set by <see cref="SessionRegistry"/> while someone watches the sessions; null otherwise.</summary>
    internal ISessionObserver? Observer => Registry?.Observer;

    internal SessionRegistry? Registry { get; set; }

    /// <summary>The calls this connection placed or answered: its close ends them.</summary>
    public SessionCalls Calls { get; } = new();

    /// <summary>
    /// Cancelled when the session closes: commands still running for it stop waiting on grains
    /// (a grain call cancelled after its grain stored something is never acked, so no ack lies).
    /// </summary>
    public CancellationToken Closed => _lifetime.Token;

    /// <summary>True once the session is ending (closed by the client or aborted by the server).</summary>
    public bool IsClosed => Volatile.Read(ref _closing) != 0 || Volatile.Read(ref _aborted) != 0;

    /// <summary>Queues a shared event, encoded once per protocol. A full queue means the client cannot keep up: it is disconnected.</summary>
    public void Enqueue(OutboundEvent evt) => Enqueue(evt.EncodeFor(Connection.Encoder), null);

    /// <summary>Queues a frame encoded for this session only.</summary>
    public void EnqueueEncoded(ReadOnlyMemory<byte> frame, TaskCompletionSource? written = null) => Enqueue(frame, written);

    /// <summary>
    /// Queues the connected event and then whatever came before it: the user's live events are
    /// subscribed before the connected event can be made (so none is missed), and one that races the
    /// open must still not overtake it (clients take connected as the start of the session).
    /// </summary>
    public void EnqueueConnected(OutboundEvent connected)
    {
        lock (_openGate)
        {
            Send(connected.EncodeFor(Connection.Encoder), null);
            ReleaseHeldLocked();
        }
    }

    private void Enqueue(ReadOnlyMemory<byte> frame, TaskCompletionSource? written)
    {
        if (!_connectedSent)
        {
            lock (_openGate)
            {
                if (!_connectedSent)
                {
                    (_heldUntilConnected ??= []).Add((frame, written));
                    return;
                }
            }
        }

        Send(frame, written);
    }

    private void ReleaseHeldLocked()
    {
        _connectedSent = true;
        foreach (var (frame, written) in _heldUntilConnected ?? [])
        {
            Send(frame, written);
        }

        _heldUntilConnected = null;
    }

    private void Send(ReadOnlyMemory<byte> frame, TaskCompletionSource? written)
    {
        if (!Connection.TrySend(frame, written) && !IsClosed)
        {
            DroppedAsSlow = true;
            GatewayMetrics.SlowClientDropped(ConnectionTags.Native);
            Abort("slow consumer: outbound queue full");
        }

        Observer?.FrameSent(this, frame);
    }

    /// <summary>No more frames: the connection writes the queued ones, then stops.</summary>
    public void CompleteOutbound()
    {
        // A session that ends before its connected event (the cluster failed the open) still sends its error.
        lock (_openGate)
        {
            ReleaseHeldLocked();
        }

        Connection.Complete();
    }

    /// <summary>Marks the session as ending: no registry may take it in from now on.</summary>
    public void MarkClosed()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            Origin.Detach();
            _lifetime.Cancel();
        }
    }

    public void Abort(string reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            Volatile.Write(ref _endReason, reason);
            Connection.Abort(reason);
        }
    }

    /// <summary>Ends the session on purpose after the frames queued so far, telling the client why.</summary>
    public void Close(ServerCloseReason reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            Volatile.Write(ref _endReason, reason.Reason);
            Connection.Close(reason);
        }
    }

    /// <summary>Records when the session opened (a <see cref="TimeProvider"/> timestamp).</summary>
    internal void MarkOpened(long timestamp) => Volatile.Write(ref _openedAt, timestamp);

    /// <summary>When the session opened, once: 0 when it never did or this was asked before (so it is logged closed once).</summary>
    internal long TakeOpenedAt() => Interlocked.Exchange(ref _openedAt, 0);

    /// <summary>Records that the session is in the room's local registry; false when it already was.</summary>
    public bool TrackRoom(string roomId)
    {
        bool added;
        lock (_rooms)
        {
            added = _rooms.Add(roomId);
        }

        if (added)
        {
            Observer?.RoomJoined(this, roomId);
        }

        return added;
    }

    public bool UntrackRoom(string roomId)
    {
        bool removed;
        lock (_rooms)
        {
            removed = _rooms.Remove(roomId);
        }

        if (removed)
        {
            Observer?.RoomLeft(this, roomId);
        }

        return removed;
    }

    public bool IsInRoom(string roomId)
    {
        lock (_rooms)
        {
            return _rooms.Contains(roomId);
        }
    }

    public string[] RoomsSnapshot()
    {
        lock (_rooms)
        {
            return [.. _rooms];
        }
    }
}
