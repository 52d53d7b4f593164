using System.Buffers;
using System.Net.WebSockets;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// The WebSocket transport of one session: one Engine.IO packet per frame, text as text frames and
/// binary as binary frames, the packets queued at a time in one socket write. Opened either as the
/// session's first transport or as an upgrade of a polling session, in which case it first answers the
/// probe and waits for the upgrade packet.
/// </summary>
internal sealed class WebSocketTransport
{
    private static readonly TimeSpan CloseGracePeriod = TimeSpan.FromSeconds(2);
    private static readonly byte[] ProbeAnswer = "3probe"u8.ToArray();

    // Stands in for the abort timer once the transport ended, so that no later close arms one.
    private static readonly CancellationTokenSource TransportEnded = new();

    private readonly WebSocket _socket;
    private readonly WebSocketFrameWriter _frames;
    private readonly EngineIoSession _session;
    private readonly int _maxPayload;
    private const int InitialBufferSize = 4096;

    // Rented for the message being read and returned after it: an idle connection holds none.
    private byte[] _buffer = [];

    // Cuts off a peer that does not close after the session did; null until then.
    private CancellationTokenSource? _abortTimer;

    public WebSocketTransport(WebSocket socket, WebSocketFrameWriter frames, EngineIoSession session)
    {
        _socket = socket;
        _frames = frames;
        _session = session;
        _maxPayload = session.Server.Options.MaxPayload;
    }

    /// <summary>Carries a session that opened over WebSocket, until the socket or the session closes.</summary>
    public Task RunAsync() => ReadLoopAsync(WriteLoopAsync());

    /// <summary>
    /// Answers the probe and waits for the upgrade packet; true when the session now runs over this socket
    /// (then <see cref="RunAsync"/> carries it), false when the upgrade was given up and the socket closed.
    /// </summary>
    public async Task<bool> TryUpgradeAsync(TimeProvider time, TimeSpan upgradeTimeout)
    {
        try
        {
            using var timeout = new CancellationTokenSource(upgradeTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _session.Closed);
            if (await ProbeAsync(linked.Token).ConfigureAwait(false))
            {
                return true;
            }

            _session.AbandonUpgrade(timeout.IsCancellationRequested ? "timeout" : "no upgrade packet");
        }
        catch
        {
            ReturnBuffer();
            throw;
        }

        ReturnBuffer();
        await CloseQuietlyAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>Closes a WebSocket the session cannot use (a second upgrade attempt).</summary>
    public static async Task RefuseAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(CloseGracePeriod);
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var (type, length) = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (type != WebSocketMessageType.Text
                    || !EngineIoPacketParser.TryParseText(_buffer.AsMemory(0, length), out var packet))
                {
                    return false;
                }

                if (packet.Type == EngineIoPacketType.Ping && packet.IsProbe)
                {
                    // Nothing else writes to this socket before the upgrade completes.
                    await _socket.SendAsync(ProbeAnswer, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                    _session.OnProbe();
                }
                else if (packet.Type == EngineIoPacketType.Upgrade)
                {
                    return _session.TryCompleteUpgrade();
                }
                else
                {
                    return false;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or PayloadTooLargeException)
        {
            return false;
        }
    }

    /// <summary>Reads until the socket or the session closes, then closes the session and waits for <paramref name="writer"/>.</summary>
    private async Task ReadLoopAsync(Task writer)
    {
        try
        {
            while (!_session.IsClosed)
            {
                ReturnBuffer();

                // Waits for the next message with an empty buffer, so an idle connection holds none; and without a
                // cancellation token, whose registration every idle connection would hold: the writer aborts the socket instead.
                var start = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                var (type, length) = await ReceiveAsync(CancellationToken.None, start).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    return;
                }

                var data = _buffer.AsMemory(0, length);
                EngineIoPacket packet;
                if (type == WebSocketMessageType.Binary)
                {
                    packet = EngineIoPacket.Binary(data);
                }
                else if (!EngineIoPacketParser.TryParseText(data, out packet))
                {
                    _session.Close(EngineIoCloseReason.ParseError);
                    return;
                }

                await _session.HandleInboundAsync(packet).ConfigureAwait(false);
            }
        }
        catch (PayloadTooLargeException)
        {
            _session.Close(EngineIoCloseReason.TransportError);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            EngineIoLog.TransportFailed(_session.Server.Logger, exception, _session.Id);
            _session.Close(EngineIoCloseReason.TransportClose);
        }
        finally
        {
            _session.Close(EngineIoCloseReason.TransportClose);
            await writer.ConfigureAwait(false);
            StopAbortTimer();
            ReturnBuffer();
        }
    }

    /// <summary>
    /// Reads one whole message into <see cref="_buffer"/>, growing it up to the payload limit;
    /// <paramref name="start"/> is the header of it already read by an empty receive.
    /// </summary>
    private async ValueTask<(WebSocketMessageType Type, int Length)> ReceiveAsync(CancellationToken cancellationToken, ValueWebSocketReceiveResult? start = null)
    {
        if (start is { } header && (header.MessageType == WebSocketMessageType.Close || header.EndOfMessage))
        {
            return (header.MessageType, 0);
        }

        var count = 0;
        while (true)
        {
            if (count == _buffer.Length)
            {
                if (count > _maxPayload)
                {
                    throw new PayloadTooLargeException();
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(_buffer.Length * 2, InitialBufferSize), _maxPayload + 1));
                _buffer.AsSpan(0, count).CopyTo(larger);
                ReturnBuffer();
                _buffer = larger;
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, 0);
            }

            count += result.Count;
            if (count > _maxPayload)
            {
                throw new PayloadTooLargeException();
            }

            if (result.EndOfMessage)
            {
                return (result.MessageType, count);
            }
        }
    }

    /// <summary>Sends queued messages until the session closes, then flushes what is left and closes the socket.</summary>
    private async Task WriteLoopAsync()
    {
        // An upgraded session's last poll may still be draining the queue.
        var lease = _session.Polling?.OutboundLease;
        if (lease is not null)
        {
            await lease.WaitAsync().ConfigureAwait(false);
        }

        // Once the session closes, leftovers get a short grace period instead of blocking on a dead peer: the session
        // calls OnSessionClosed, which aborts the socket after it (no cancellation registration held while idle).
        _session.AttachWriter(this);
        try
        {
            var reader = _session.Outbound;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_frames.HasRoom && reader.TryRead(out var message))
                {
                    Add(message);
                }

                await _frames.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            EngineIoLog.TransportFailed(_session.Server.Logger, exception, _session.Id);
            _session.Close(EngineIoCloseReason.TransportError);
        }
        finally
        {
            _frames.Dispose();
            lease?.Release();
            await CloseQuietlyAsync().ConfigureAwait(false);
            // The reader waits for the client's close frame; a client that never sends it is cut off.
            AbortUnlessClosedWithin(CloseGracePeriod);
        }
    }

    /// <summary>The session closed: what is still being sent gets <see cref="CloseGracePeriod"/>, then the socket is cut.</summary>
    internal void OnSessionClosed() => AbortUnlessClosedWithin(CloseGracePeriod);

    /// <summary>
    /// One timer per transport, dropped once the transport ended (<see cref="StopAbortTimer"/>): a Task.Delay per
    /// close, twice, would linger the whole grace period after every ordinary close.
    /// </summary>
    private void AbortUnlessClosedWithin(TimeSpan grace)
    {
        if (_socket.State is WebSocketState.Closed or WebSocketState.Aborted || Volatile.Read(ref _abortTimer) is not null)
        {
            return;
        }

        var timer = new CancellationTokenSource();
        timer.Token.UnsafeRegister(static state =>
        {
            var socket = (WebSocket)state!;
            if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
            {
                socket.Abort();
            }
        }, _socket);
        timer.CancelAfter(grace);
        if (Interlocked.CompareExchange(ref _abortTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    /// <summary>The reader and the writer ended: nothing is left to cut off.</summary>
    private void StopAbortTimer()
    {
        if (Interlocked.Exchange(ref _abortTimer, TransportEnded) is { } timer && timer != TransportEnded)
        {
            timer.Dispose();
        }
    }

    private void Add(in OutboundMessage message)
    {
        if (!message.TextPacket.IsEmpty)
        {
            _frames.Add(WebSocketMessageType.Text, message.TextPacket.Span);
        }

        foreach (var binary in message.BinaryPackets ?? [])
        {
            _frames.Add(WebSocketMessageType.Binary, binary.Span);
        }
    }

    private async Task CloseQuietlyAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseGracePeriod);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            _socket.Abort();
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private sealed class PayloadTooLargeException : Exception;
}
