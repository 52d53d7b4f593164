using System.Text.Json;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// The Socket.IO side of one Engine.IO session: decodes packets as they arrive (closing the connection
/// on anything invalid), tracks which namespaces the client joined, enforces the connect timeout, and
/// runs the application's handlers one after another in packet order on a dispatcher of its own, so
/// a slow handler never stalls the transport's heartbeat. This file takes packets in; the dispatcher
/// that runs the handlers is in SocketIoConnection.Dispatch.cs.
/// </summary>
internal sealed partial class SocketIoConnection
{
    // Events waiting for the dispatcher; past this the transport stops reading from the client.
    private const int MaxQueuedEvents = 128;

    // Namespace connects waiting for the dispatcher (or their handler); past this a CONNECT is refused at once,
    // so a client cannot queue one work item per made-up namespace name.
    internal const int MaxPendingConnects = 16;
    internal const string TooManyConnectsMessage = "Too many namespace connects in flight";

    private readonly SocketIoServer _server;
    private readonly Lock _gate = new();
    // The namespaces joined (their socket) and being joined (null until the application accepts): one
    // small dictionary rather than a second set for the joining ones, as nearly every connection has one namespace.
    private readonly Dictionary<string, SocketIoSocket?> _sockets = new(StringComparer.Ordinal);
    private readonly BinaryPacketAssembler _assembler = new();
    // Work for the dispatcher, under _gate, made with the first and dropped once drained: an idle connection holds
    // no queue and no dispatcher. Unbounded here, bounded by what may be queued: events hold one of MaxQueuedEvents
    // slots, connects at most MaxPendingConnects, a leave needs a joined socket, and the close comes once.
    private Queue<Work>? _work;
    private bool _dispatching;
    private bool _closeQueued;
    private ITimer? _connectTimer;
    // Under _gate. A counter and a wait made only when the slots run out: a semaphore cost every connection 88 bytes.
    private int _joiningCount;
    private int _queuedEvents;
    private TaskCompletionSource? _eventSlotFreed;

    public SocketIoConnection(SocketIoServer server, EngineIoSession session, HandshakeSnapshot handshake)
    {
        _server = server;
        Session = session;
        Handshake = handshake;
        _connectTimer = server.Time.CreateTimer(static state => ((SocketIoConnection)state!).OnConnectTimeout(), this, server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    public EngineIoSession Session { get; }

    public HandshakeSnapshot Handshake { get; }

    /// <summary>Handles one Engine.IO message; the session calls this for one message at a time.</summary>
    public async ValueTask OnMessageAsync(EngineIoMessage message)
    {
        SocketIoPacket? packet;
        if (message.IsBinary)
        {
            if (!_assembler.IsWaiting)
            {
                Reject();
                return;
            }

            packet = _assembler.Add(message.Data.Span);
            if (packet is null)
            {
                return;
            }
        }
        else
        {
            if (_assembler.IsWaiting || !SocketIoPacketParser.TryParse(message.Data.Span, _server.Options.MaxAttachments, out packet))
            {
                Reject();
                return;
            }

            packet!.Size = message.Data.Length;
            if (packet.AttachmentCount > 0)
            {
                _assembler.Begin(packet);
                return;
            }
        }

        if (packet.Type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck && !BinaryPacketAssembler.PlaceholdersAreValid(packet))
        {
            packet.Dispose();
            Reject();
            return;
        }

        await RouteAsync(packet).ConfigureAwait(false);
    }

    /// <summary>The Engine.IO session closed: every socket leaves with the session's reason.</summary>
    public void OnSessionClosed(string reason)
    {
        StopConnectTimer();
        TryQueue(new Work(WorkKind.Close, null, null, reason));
    }

    /// <summary>The application removes <paramref name="socket"/> from its namespace.</summary>
    public void Disconnect(SocketIoSocket socket)
    {
        lock (_gate)
        {
            if (!_sockets.TryGetValue(socket.Namespace, out var current) || !ReferenceEquals(current, socket))
            {
                return;
            }

            _sockets.Remove(socket.Namespace);
        }

        // The DISCONNECT packet is the socket's last send.
        Session.TryEnqueue(new OutboundMessage(SocketIoPacketEncoder.EncodeDisconnect(socket.Namespace)));
        socket.StopSending();
        TryQueue(new Work(WorkKind.Leave, socket, null, SocketIoDisconnectReason.ServerNamespaceDisconnect));
    }

    /// <summary>The application closes the whole connection: DISCONNECT to every namespace, then close.</summary>
    public void DisconnectAll()
    {
        lock (_gate)
        {
            foreach (var socket in _sockets.Values)
            {
                if (socket is null)
                {
                    continue;
                }

                Session.TryEnqueue(new OutboundMessage(SocketIoPacketEncoder.EncodeDisconnect(socket.Namespace)));
                socket.StopSending();
            }
        }

        Session.Close();
    }

    private async ValueTask RouteAsync(SocketIoPacket packet)
    {
        var nsp = packet.Namespace;
        SocketIoSocket? socket;
        lock (_gate)
        {
            var known = _sockets.TryGetValue(nsp, out socket);
            if (packet.Type == SocketIoPacketType.Connect)
            {
                if (!known)
                {
                    if (_joiningCount >= MaxPendingConnects)
                    {
                        packet.Dispose();
                        Refuse(nsp, TooManyConnectsMessage, null);
                        return;
                    }

                    _sockets.Add(nsp, null);
                    _joiningCount++;
                    TryQueue(new Work(WorkKind.Connect, null, packet, null));
                    return;
                }

                // A second CONNECT for a namespace the client joined or is joining breaks the protocol.
                socket = null;
            }
            else if (packet.Type == SocketIoPacketType.Disconnect && socket is not null)
            {
                _sockets.Remove(nsp);
                socket.StopSending();
                TryQueue(new Work(WorkKind.Leave, socket, null, SocketIoDisconnectReason.ClientNamespaceDisconnect));
                packet.Dispose();
                return;
            }
        }

        if (socket is null || packet.Type is SocketIoPacketType.Connect or SocketIoPacketType.ConnectError)
        {
            packet.Dispose();
            Reject();
            return;
        }

        if (packet.IsAck)
        {
            // The server never asks clients for acknowledgements, so there is nothing to match.
            packet.Dispose();
            return;
        }

        if (!await TakeEventSlotAsync().ConfigureAwait(false))
        {
            packet.Dispose();
            return;
        }

        if (!TryQueue(new Work(WorkKind.Event, socket, packet, null)))
        {
            ReleaseEventSlot();
            packet.Dispose();
        }
    }

    /// <summary>
    /// Waits while MaxQueuedEvents events wait for the dispatcher, which stops reading from the client; false when
    /// the session closed meanwhile. One packet is routed at a time, so there is at most one waiter.
    /// </summary>
    private async ValueTask<bool> TakeEventSlotAsync()
    {
        while (true)
        {
            Task freed;
            lock (_gate)
            {
                if (_queuedEvents < MaxQueuedEvents)
                {
                    _queuedEvents++;
                    return true;
                }

                freed = (_eventSlotFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            try
            {
                await freed.WaitAsync(Session.Closed).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private void ReleaseEventSlot()
    {
        TaskCompletionSource? freed;
        lock (_gate)
        {
            _queuedEvents--;
            freed = _eventSlotFreed;
            _eventSlotFreed = null;
        }

        freed?.TrySetResult();
    }

    private void Reject()
    {
        SocketIoLog.InvalidPacket(_server.Logger, Session.Id);
        _assembler.Reset();
        Session.Close(EngineIoCloseReason.ParseError);
    }

    private void OnConnectTimeout()
    {
        lock (_gate)
        {
            if (_sockets.Count > _joiningCount)
            {
                return;
            }
        }

        SocketIoLog.ConnectTimeout(_server.Logger, Session.Id);
        Session.Close();
    }

    /// <summary>Once a namespace joined (or the session closed) the timer is done: let it go rather than keep it stopped.</summary>
    private void StopConnectTimer() => Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
}
