using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Orleans.Chat.Client.Internal;

/// <summary>
/// One WebSocket connection: frames to send are queued and written by a single writer loop (a
/// ClientWebSocket allows one send at a time, and callers must never wait on the network while
/// holding the client's lock); whole received text messages are handed to a callback in order.
/// </summary>
internal sealed class SocketConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly ClientWebSocket _socket;
    private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _writer;
    private TaskCompletionSource? _receivingPaused;

    private SocketConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens a socket to the server with the token as an Authorization header (or ?token= query).</summary>
    public static async Task<SocketConnection> OpenAsync(ChatClientOptions options, string token, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            var uri = options.ServerUri;
            if (options.SendTokenInQuery)
            {
                uri = WithTokenQuery(uri, token);
            }
            else
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            }

            options.ConfigureWebSocket?.Invoke(socket.Options);
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return new SocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Queues a frame; false once the connection is ending.</summary>
    public bool TrySend(byte[] frame) => _outgoing.Writer.TryWrite(frame);

    /// <summary>
    /// Reads until the connection ends, calling <paramref name="onMessage"/> with each whole text
    /// message, one at a time. Returns why the connection ended.
    /// </summary>
    public async Task<string> ReceiveAllAsync(Action<ReadOnlyMemory<byte>> onMessage)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), _stop.Token).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await FinishWritingAndCloseAsync().ConfigureAwait(false);
                    return $"closed by the server ({_socket.CloseStatus}{(string.IsNullOrEmpty(_socket.CloseStatusDescription) ? "" : ": " + _socket.CloseStatusDescription)})";
                }

                if (Volatile.Read(ref _receivingPaused) is { } paused)
                {
                    await paused.Task.ConfigureAwait(false); // released only by Abort; the message is dropped with the connection
                    _stop.Token.ThrowIfCancellationRequested();
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    onMessage(buffer.WrittenMemory);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return ex.Message;
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            _receiveEnded.TrySetResult();
        }
    }

    /// <summary>Drops the connection at once, as a network failure would.</summary>
    public void Abort()
    {
        _outgoing.Writer.TryComplete();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already.
        }

        _socket.Abort();
        Volatile.Read(ref _receivingPaused)?.TrySetResult();
    }

    /// <summary>Test hook: stop handing received messages on (as if the client stopped reading) until the connection is aborted.</summary>
    public void PauseReceiving() =>
        Interlocked.CompareExchange(ref _receivingPaused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    /// <summary>Ends the connection politely: queued frames go out, then a close handshake; aborts when that takes too long.</summary>
    public async Task CloseAsync()
    {
        await FinishWritingAndCloseAsync().ConfigureAwait(false);
        try
        {
            await _receiveEnded.Task.WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The server does not answer the close: drop it.
        }

        Abort();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _writer.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A failed write means a broken connection: end it, so that the receive loop ends and the client reconnects.
            _socket.Abort();
        }
    }

    /// <summary>Sends what is queued, then the close frame: the close is a send too, so it must wait for the writer loop.</summary>
    private async Task FinishWritingAndCloseAsync()
    {
        _outgoing.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(CloseTimeout).ConfigureAwait(false);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closed", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or TimeoutException or InvalidOperationException)
        {
            // The peer is gone already, or the writer is stuck: the caller aborts.
        }
    }

    private static Uri WithTokenQuery(Uri uri, string token)
    {
        var builder = new UriBuilder(uri);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length == 0 ? "" : query + "&") + "token=" + Uri.EscapeDataString(token);
        return builder.Uri;
    }
}
