using System.Net;
using System.Text;
using Orleans.Chat.SocketIo.Buffers;
using Microsoft.Extensions.Logging;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// One Engine.IO connection across its transports: the heartbeat, the bounded send queue that whichever
/// transport is current drains, the polling-to-WebSocket upgrade (EngineIoSession.Upgrade.cs), and closing.
/// </summary>
public sealed partial class EngineIoSession
{
    private static readonly TimeSpan FinalPollGracePeriod = TimeSpan.FromSeconds(10);

    private readonly EngineIoServer _server;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SingleReaderQueue<OutboundMessage> _outbound;
    // Made when first asked for (polling waits, applications watching the close): an idle WebSocket session holds none.
    private CancellationTokenSource? _closed;
    private TaskCompletionSource? _upgraded;
    private bool _isClosed;
    private int _owesFinalPoll;
    private EngineIoTransportKind _transport;
    private UpgradeStage _upgrade;
    private IDisposable? _admissionLease;
    private ITimer? _finalPollExpiry;
    private int _pending;
    private WebSocketTransport? _writer;

    internal EngineIoSession(EngineIoServer server, string id, EngineIoTransportKind transport, IPAddress? remoteAddress)
    {
        _server = server;
        _logger = server.Logger;
        _time = server.Time;
        Id = id;
        _transport = transport;
        RemoteAddress = remoteAddress;
        // One reader at a time: the WebSocket, or for a session opened by polling whichever transport holds Polling.OutboundLease.
        _outbound = new SingleReaderQueue<OutboundMessage>(server.Options.MaxPendingOutboundMessages);
        // Only a session opened by polling ever polls: one opened over a WebSocket has no polling state.
        Polling = transport == EngineIoTransportKind.Polling ? new PollingTransport(this) : null;
    }

    /// <summary>The Engine.IO session id (the "sid" query parameter).</summary>
    public string Id { get; }

    /// <summary>"polling" or "websocket": the transport currently carrying the session.</summary>
    public string TransportName => Transport == EngineIoTransportKind.WebSocket ? "websocket" : "polling";

    public IPAddress? RemoteAddress { get; }

    public bool IsConnected => !IsClosed;

    /// <summary>Cancelled when the session closes.</summary>
    public CancellationToken Closed => LazyCancellation.TokenOf(ref _closed, this, static session => session.IsClosed);

    /// <summary>Why the session closed, once it has.</summary>
    public string? CloseReason { get; private set; }

    internal EngineIoTransportKind Transport
    {
        get { lock (_gate) { return _transport; } }
    }

    internal UpgradeStage Upgrade
    {
        get { lock (_gate) { return _upgrade; } }
    }

    internal bool IsClosed
    {
        get { lock (_gate) { return _isClosed; } }
    }

    /// <summary>True when the client ended the session with a close packet.</summary>
    internal bool ClosedByClient { get; private set; }

    /// <summary>The long-polling transport of a session opened by polling; null for one opened over a WebSocket.</summary>
    internal PollingTransport? Polling { get; }

    internal SingleReaderQueue<OutboundMessage> Outbound => _outbound;

    internal EngineIoServer Server => _server;

    /// <summary>Queues a text message packet.</summary>
    public ValueTask SendTextAsync(string text) => SendTextAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Queues a text message packet from UTF-8 (copied).</summary>
    public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8)
    {
        var packet = new byte[utf8.Length + 1];
        packet[0] = (byte)('0' + (int)EngineIoPacketType.Message);
        utf8.Span.CopyTo(packet.AsSpan(1));
        TryEnqueue(new OutboundMessage(packet));
        return ValueTask.CompletedTask;
    }

    /// <summary>Queues a binary message packet (copied).</summary>
    public ValueTask SendBinaryAsync(ReadOnlyMemory<byte> data)
    {
        TryEnqueue(new OutboundMessage(ReadOnlyMemory<byte>.Empty, [data.ToArray()]));
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the session from the server side; queued packets are still flushed first.</summary>
    public void Close() => Close(EngineIoCloseReason.ForcedServerClose);

    /// <summary>
    /// The application accepted the session (Socket.IO: a namespace CONNECT was accepted): it no
    /// longer counts against <see cref="Hosting.SocketIoOptions.MaxPendingSessions"/>.
    /// </summary>
    public void MarkEstablished()
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _server.PendingSessions.Leave(AddressKey);
        }
    }

    /// <summary>The client address as the per-address caps count it.</summary>
    internal IPAddress? AddressKey => ClientAddress.KeyOf(RemoteAddress);

    /// <summary>What the session holds until it closes: its admission lease and its pending slot.</summary>
    internal void HoldAdmission(IDisposable? lease)
    {
        _admissionLease = lease;
        Volatile.Write(ref _pending, 1);
    }

    /// <summary>
    /// Queues a message without copying it. False when the session is closed, or when the client fell
    /// so far behind that the queue is full: such a session is closed rather than buffered without bound.
    /// </summary>
    internal bool TryEnqueue(in OutboundMessage message)
    {
        if (_outbound.TryWrite(message))
        {
            return true;
        }

        if (!IsClosed)
        {
            EngineIoLog.SendBufferFull(_logger, Id, _server.Options.MaxPendingOutboundMessages);
            Close(EngineIoCloseReason.SendBufferFull);
        }

        return false;
    }

    /// <summary>Queues the open packet and starts the heartbeat.</summary>
    internal void Open(ReadOnlyMemory<byte> openPacket)
    {
        _outbound.TryWrite(new OutboundMessage(openPacket));
        StartHeartbeat();
    }

    /// <summary>Handles one inbound packet in order with the others of this session.</summary>
    internal async ValueTask HandleInboundAsync(EngineIoPacket packet)
    {
        await EnterInboundAsync().ConfigureAwait(false);
        try
        {
            if (IsClosed)
            {
                return;
            }

            switch (packet.Type)
            {
                case EngineIoPacketType.Message:
                    await _server.Handler.OnMessageAsync(this, new EngineIoMessage(packet.Data, packet.IsBinary)).ConfigureAwait(false);
                    break;
                case EngineIoPacketType.Pong:
                    OnPong();
                    break;
                case EngineIoPacketType.Close:
                    Close(EngineIoCloseReason.TransportClose, byClient: true);
                    break;
                case EngineIoPacketType.Ping:
                    // In v4 only the server pings; a client ping outside an upgrade probe breaks the protocol.
                    Close(EngineIoCloseReason.TransportError);
                    break;
                default:
                    // open, upgrade and noop carry nothing for an established transport.
                    break;
            }
        }
        catch (Exception exception)
        {
            EngineIoLog.HandlerFailed(_logger, exception, Id);
            Close(EngineIoCloseReason.TransportError);
        }
        finally
        {
            ExitInbound();
        }
    }

    /// <summary>A WebSocket transport started draining the send queue; it hears of the close (at once if it came first).</summary>
    internal void AttachWriter(WebSocketTransport writer)
    {
        lock (_gate)
        {
            if (!_isClosed)
            {
                _writer = writer;
                return;
            }
        }

        writer.OnSessionClosed();
    }

    internal void Close(string reason, bool byClient = false)
    {
        WebSocketTransport? writer;
        lock (_gate)
        {
            if (_isClosed)
            {
                return;
            }

            _isClosed = true;
            ClosedByClient = byClient;
            CloseReason = reason;
            writer = _writer;
            _writer = null;
        }

        MarkEstablished();
        Interlocked.Exchange(ref _admissionLease, null)?.Dispose();
        var orderly = byClient || reason == EngineIoCloseReason.ForcedServerClose;
        if (orderly && Polling is { IsGetActive: false } && Transport == EngineIoTransportKind.Polling)
        {
            // No poll is pending to carry the ending: the client's next poll (it may already be on its
            // way) still gets what was queued plus the close packet, or the noop answering its own close
            // packet, instead of a 400.
            Volatile.Write(ref _owesFinalPoll, 1);
            _finalPollExpiry = _time.CreateTimer(static state => ((EngineIoSession)state!).ForgetUnclaimedFinalPoll(), this, FinalPollGracePeriod, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _server.Forget(this);
        }

        _server.Heartbeat.Remove(this);
        _outbound.TryComplete();
        writer?.OnSessionClosed();
        EngineIoLog.SessionClosed(_logger, Id, reason);
        Volatile.Read(ref _closed)?.Cancel();
        CloseNotified = NotifyClosedAsync(reason);
    }

    /// <summary>Completes once the handler has heard of the close (it never faults: the handler's errors are logged).</summary>
    internal Task CloseNotified { get; private set; } = Task.CompletedTask;

    /// <summary>True once for a polling session closed in order while no poll was pending (see <see cref="Close(string, bool)"/>).</summary>
    internal bool TryClaimFinalPoll()
    {
        if (Interlocked.Exchange(ref _owesFinalPoll, 0) == 0)
        {
            return false;
        }

        _finalPollExpiry?.Dispose();
        _server.Forget(this);
        return true;
    }

    private void ForgetUnclaimedFinalPoll()
    {
        _finalPollExpiry?.Dispose();
        if (Interlocked.Exchange(ref _owesFinalPoll, 0) == 1)
        {
            _server.Forget(this);
        }
    }

    private async Task NotifyClosedAsync(string reason)
    {
        // Waiting for the inbound gate keeps the close notification after the message being handled.
        await EnterInboundAsync().ConfigureAwait(false);
        try
        {
            await _server.Handler.OnCloseAsync(this, reason).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            EngineIoLog.HandlerFailed(_logger, exception, Id);
        }
        finally
        {
            ExitInbound();
        }
    }
}
