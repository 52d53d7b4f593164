using System.Net.WebSockets;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.Buffers;
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

    private ServerCloseReason? _closeReason;

    private readonly SingleReaderQueue<OutboundFrame> _outbound = new(capacity);

    public IServerEventEncoder Encoder => NativeEventEncoder.Instance;

    /// <summary>Queues a frame; <paramref name="written"/> completes once it was written to the socket.</summary>
    public bool TrySend(ReadOnlyMemory<byte> frame, TaskCompletionSource? written)
    {
        if (_outbound.TryWrite(new OutboundFrame(frame, written)))
        {
            return true;
        }

        written?.TrySetCanceled(CancellationToken.None);
        // A full queue (a slow client), or a session that is ending already (which the session knows).
        return false;
    }

    public void Complete() => _outbound.TryComplete();

    /// <summary>The writer sends the close frame after the queued frames.</summary>
    public void Close(ServerCloseReason reason)
    {
        Volatile.Write(ref _closeReason, reason);
        _outbound.TryComplete();
    }

    public void Abort(string reason)
    {
        _outbound.TryComplete();
        socket.Abort();
    }

    /// <summary>
    /// Writes queued frames until <see cref="Complete"/> (after the last one), <see cref="Close"/>,
    /// <see cref="Abort"/> or a failed write. It takes no cancellation token: completing the queue ends
    /// the wait, and a token would cost every idle connection a registration.
    /// </summary>
    public async Task RunWriterAsync()
    {
        var reader = _outbound;
        List<TaskCompletionSource>? written = null;
        try
        {
            while (await reader.WaitToReadAsync())
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

            if (Volatile.Read(ref _closeReason) is { } close)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, timeout.Token);
                AbortUnlessAnsweredWithin(CloseTimeout);
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

    /// <summary>A client that does not answer the server's close frame in time is not waited for: its receive ends.</summary>
    private void AbortUnlessAnsweredWithin(TimeSpan timeout) =>
        _ = Task.Delay(timeout).ContinueWith(
            static (_, state) =>
            {
                var closing = (WebSocket)state!;
                if (closing.State == WebSocketState.CloseSent)
                {
                    closing.Abort();
                }
            },
            socket, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

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
