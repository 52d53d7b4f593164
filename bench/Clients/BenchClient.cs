using System.Buffers;
using System.Diagnostics;
using System.Net;
using Orleans.Chat.Bench.Measurement;
using Orleans.Chat.Bench.Net;
using Orleans.Chat.Bench.Protocols;

namespace Orleans.Chat.Bench.Clients;

/// <summary>The answer to a setup request (join-room).</summary>
public readonly record struct SetupAck(bool Success, long LastSeq);

/// <summary>
/// One simulated user: one WebSocket connection speaking one protocol, in at most one room.
/// It tracks what it receives from the room by seq, feeds the scenario's counters and, when it
/// is a sender, its message window. Everything it receives is handled on its receive loop.
/// </summary>
public sealed class BenchClient : IWebSocketReceiver, IFrameSink
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(60);

    private readonly ClientProtocol _protocol;
    private readonly LiveStats _stats;
    private readonly string _token;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<long, TaskCompletionSource<SetupAck>> _pending = [];
    private RawWebSocket? _socket;
    private long _nextSetupId;
    private long _nextMessageId = ClientProtocol.FirstMessageRequestId;
    private long _nextReadId = ClientProtocol.FirstReadRequestId;
    private bool _closing;

    // Read state (read-receipts scenario), touched on the receive loop only: the newest seq received
    // and the one the mark-read in flight carries (0: none in flight). One in flight per client.
    private long _newestReceived;
    private long _readInFlight;

    public BenchClient(int index, string userId, string token, ClientProtocol protocol, LiveStats stats)
    {
        Index = index;
        UserId = userId;
        _token = token;
        _protocol = protocol;
        _stats = stats;
    }

    public int Index { get; }

    public string UserId { get; }

    /// <summary>The room this client joined, with the seqs acknowledged in it.</summary>
    public RoomLedger? Room { get; private set; }

    /// <summary>What this client received from its room.</summary>
    public SeqTracker Received { get; } = new();

    /// <summary>Marks the room read up to each message it receives (at most one mark-read in flight).</summary>
    public bool MarksRead { get; set; }

    /// <summary>
    /// In a two-user conversation (conversations scenario): the other user's id. Messages go to them
    /// as private-message, and <see cref="Room"/> is the conversation's ledger.
    /// </summary>
    public string? PeerUserId { get; private set; }

    /// <summary>Set on a closed-loop sender.</summary>
    public MessageWindow? Window { get; set; }

    public bool IsOpen => _socket is { IsClosed: false };

    /// <summary>Connected and authenticated.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully && IsOpen;

    /// <summary>Connects, upgrades and waits until the session is ready (authenticated).</summary>
    public async Task ConnectAsync(IPEndPoint server, bool idle, CancellationToken cancellationToken)
    {
        _socket = await RawWebSocket.ConnectAsync(LoopbackSources.For(Index), server, _protocol.PathAndQuery(_token), idle, cancellationToken);
        _socket.Start(this);
        if (_protocol.InitialMessage(_token) is { } initial)
        {
            await _socket.SendTextAsync(initial);
        }

        await _ready.Task.WaitAsync(SetupTimeout, cancellationToken);
    }

    public async Task<SetupAck> JoinAsync(RoomLedger room)
    {
        var id = Interlocked.Increment(ref _nextSetupId);
        var answer = new TaskCompletionSource<SetupAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = answer;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(RawWebSocket.HeaderReserve + 256 + room.Id.Length);
        var length = _protocol.WriteJoin(buffer.AsSpan(RawWebSocket.HeaderReserve), id, room.Id);
        await _socket!.SendFrameAsync(buffer, length);
        var ack = await answer.Task.WaitAsync(SetupTimeout);
        if (ack.Success)
        {
            Room = room;
            Received.BaseSeq = Math.Max(0, ack.LastSeq);
            room.Add(this);
        }

        return ack;
    }

    /// <summary>
    /// Makes this client one side of a fresh conversation: it sends private messages to <paramref name="peerUserId"/>
    /// and expects every seq of the conversation (its own come back as echoes, as in a room).
    /// </summary>
    public void StartConversation(RoomLedger conversation, string peerUserId)
    {
        PeerUserId = peerUserId;
        Room = conversation;
        Received.BaseSeq = 0;
        conversation.Add(this);
    }

    /// <summary>Sends one message to the room, stamped with <paramref name="sendTicks"/> (the intended send time).</summary>
    public ValueTask SendMessageAsync(long sendTicks, int contentLength)
    {
        var room = Room!;
        var id = Interlocked.Increment(ref _nextMessageId);
        var peer = PeerUserId;
        var buffer = ArrayPool<byte>.Shared.Rent(RawWebSocket.HeaderReserve + _protocol.MaxMessageBytes(peer ?? room.Id, contentLength));
        var length = peer is null
            ? _protocol.WriteMessage(buffer.AsSpan(RawWebSocket.HeaderReserve), id, room.Id, sendTicks, Index, contentLength)
            : _protocol.WritePrivateMessage(buffer.AsSpan(RawWebSocket.HeaderReserve), id, peer, sendTicks, Index, contentLength);
        Window?.OnSent();
        _stats.OnSent();
        return _socket!.SendFrameAsync(buffer, length);
    }

    /// <summary>Sends the protocol's keep-alive frame, if it has one.</summary>
    public ValueTask SendKeepAliveAsync()
    {
        var frame = _protocol.KeepAliveFrame;
        if (frame.IsEmpty || _socket is not { IsClosed: false } socket)
        {
            return ValueTask.CompletedTask;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(RawWebSocket.HeaderReserve + frame.Length);
        frame.CopyTo(buffer.AsSpan(RawWebSocket.HeaderReserve));
        return socket.SendFrameAsync(buffer, frame.Length);
    }

    public Task CloseAsync()
    {
        _closing = true;
        return _socket?.CloseAsync() ?? Task.CompletedTask;
    }

    /// <summary>Drops the connection without a close handshake (a client that failed to set up).</summary>
    public void Abort()
    {
        _closing = true;
        _socket?.Abort();
    }

    void IWebSocketReceiver.OnMessage(ReadOnlySpan<byte> message) => _protocol.Dispatch(message, this);

    void IWebSocketReceiver.OnClosed(Exception? error)
    {
        var failure = error ?? new IOException("connection closed");
        _ready.TrySetException(failure);
        lock (_pending)
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(failure);
            }

            _pending.Clear();
        }

        if (!_closing)
        {
            _stats.OnUnexpectedClose(error);
        }
    }

    void IFrameSink.OnOpen()
    {
        if (_protocol.OpenReply(_token) is { } reply)
        {
            _ = _socket!.SendTextAsync(reply);
        }
    }

    void IFrameSink.OnReady() => _ready.TrySetResult();

    void IFrameSink.OnAck(long requestId, bool success, long seq, long lastSeq)
    {
        if (requestId >= ClientProtocol.FirstReadRequestId)
        {
            _stats.OnReadAck(success);
            var sent = _readInFlight;
            _readInFlight = 0;
            if (_newestReceived > sent)
            {
                SendMarkRead();
            }

            return;
        }

        if (requestId < ClientProtocol.FirstMessageRequestId)
        {
            TaskCompletionSource<SetupAck>? pending;
            lock (_pending)
            {
                _pending.Remove(requestId, out pending);
            }

            pending?.TrySetResult(new SetupAck(success, lastSeq));
            return;
        }

        _stats.OnAck(success);
        if (success)
        {
            Room?.Acked.Add(seq);
        }

        Window?.OnAck(success);
    }

    void IFrameSink.OnNewMessage(long seq, ReadOnlySpan<byte> content)
    {
        Received.OnSeq(seq);
        if (MarksRead)
        {
            _newestReceived = Math.Max(_newestReceived, seq);
            if (_readInFlight == 0)
            {
                SendMarkRead();
            }
        }

        if (BenchContent.TryRead(content, out var sendTicks, out var sender))
        {
            var echo = sender == Index;
            if (echo)
            {
                Window?.OnEcho();
            }

            // In a conversation only the recipient's copy counts as a delivery; the sender's echo
            // (private-message goes to the sender's connections too) only closes its window.
            if (!echo || PeerUserId is null)
            {
                _stats.OnDelivered(sendTicks);
            }
        }
        else
        {
            _stats.OnDelivered(0);
        }
    }

    void IFrameSink.OnReadReceipt() => _stats.OnReceipt();

    private void SendMarkRead()
    {
        _readInFlight = _newestReceived;
        var room = Room!;
        var buffer = ArrayPool<byte>.Shared.Rent(RawWebSocket.HeaderReserve + 128 + (2 * room.Id.Length));
        var length = _protocol.WriteMarkRead(buffer.AsSpan(RawWebSocket.HeaderReserve), Interlocked.Increment(ref _nextReadId), room.Id, _readInFlight);
        _ = _socket!.SendFrameAsync(buffer, length);
    }

    void IFrameSink.OnProtocolPing()
    {
        var reply = _protocol.PingReply;
        var buffer = ArrayPool<byte>.Shared.Rent(RawWebSocket.HeaderReserve + reply.Length);
        reply.CopyTo(buffer.AsSpan(RawWebSocket.HeaderReserve));
        _ = _socket!.SendFrameAsync(buffer, reply.Length);
    }

    void IFrameSink.OnServerError(ReadOnlySpan<byte> frame)
    {
        _stats.OnServerError(frame);
        if (!_ready.Task.IsCompleted)
        {
            _ready.TrySetException(new IOException($"refused: {System.Text.Encoding.UTF8.GetString(frame)}"));
        }
    }

    /// <summary>Microseconds since <paramref name="startTicks"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static long MicrosSince(long startTicks) => (Stopwatch.GetTimestamp() - startTicks) * 1_000_000 / Stopwatch.Frequency;
}
