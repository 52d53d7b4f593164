using System.Net.WebSockets;
using System.Threading.Channels;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// The native protocol's side of a session: text frames in a bounded queue, drained by one writer
/// loop that writes everything queued (up to a batch) to the socket at once.
/// </summary>
internal sealed class NativeWebSocketConnection(WebSocket socket, WebSocketFrameWriter frames, int capacity) : ISessionConnection
{
    /// <summary>How long the client has to write what it sends, or to answer the server's close frame.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _closeHandshake = new();
    private ServerCloseReason? _closeReason;
    private bool _stopped;

    private readonly Channel<OutboundFrame> _outbound = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public IServerEventEncoder Encoder => NativeEventEncoder.Instance;

    /// <summary>Queues a frame; <paramref name="written"/> completes once it was written to the socket.</summary>
    public bool TrySend(ReadOnlyMemory<byte> frame, TaskCompletionSource? written)
    {
        if (_outbound.Writer.TryWrite(new OutboundFrame(frame, written)))
        {
            return true;
        }

        written?.TrySetCanceled(CancellationToken.None);
        // False means a full queue (a slow client); a writer stopped with the server is not one.
        return Volatile.Read(ref _stopped);
    }

    public void Complete() => _outbound.Writer.TryComplete();

    /// <summary>The writer sends the close frame after the queued frames.</summary>
    public void Close(ServerCloseReason reason)
    {
        Volatile.Write(ref _closeReason, reason);
        _outbound.Writer.TryComplete();
    }

    /// <summary>
    /// Cancelled <see cref="CloseTimeout"/> after the server's close frame: a client that does not answer it
    /// is not waited for any longer.
    /// </summary>
    public CancellationToken CloseHandshakeExpired => _closeHandshake.Token;

    public void Abort(string reason)
    {
        _outbound.Writer.TryComplete();
        socket.Abort();
    }

    /// <summary>Writes queued frames until <see cref="Complete"/> (after the last one), <see cref="Abort"/> or a failed write.</summary>
    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        var reader = _outbound.Reader;
        List<TaskCompletionSource>? written = null;
        // One registration for the connection: a wait with a token registers on it (and allocates) each
        // time the queue runs dry, about once per frame in small rooms. Completing the queue ends the wait.
        await using var stopping = cancellationToken.UnsafeRegister(static connection => ((NativeWebSocketConnection)connection!).StopWriting(), this);
        try
        {
            while (await reader.WaitToReadAsync() && !cancellationToken.IsCancellationRequested)
            {
                while (frames.HasRoom && reader.TryRead(out var frame))
                {
                    frames.Add(WebSocketMessageType.Text, frame.Encoded.Span);
                    if (frame.Written is { } notice)
                    {
                        (written ??= []).Add(notice);
                    }
                }

                // No token per write: a cancellable one pushes writes off their fast path. Completion
                // and Abort, which also unblocks a write, end the loop.
                await frames.FlushAsync(CancellationToken.None);
                Notify(written, static notice => notice.TrySetResult());
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (Volatile.Read(ref _closeReason) is { } close)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, timeout.Token);
                _closeHandshake.CancelAfter(CloseTimeout);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The socket is gone: the receive loop ends the session.
        }
        finally
        {
            frames.Dispose();
            // Frames never written must not count as handed over.
            Notify(written, static notice => notice.TrySetCanceled(CancellationToken.None));
            while (reader.TryRead(out var frame))
            {
                frame.Written?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private void StopWriting()
    {
        Volatile.Write(ref _stopped, true);
        _outbound.Writer.TryComplete();
    }

    private static void Notify(List<TaskCompletionSource>? notices, Action<TaskCompletionSource> notify)
    {
        if (notices is null)
        {
            return;
        }

        foreach (var notice in notices)
        {
            notify(notice);
        }

        notices.Clear();
    }
}
