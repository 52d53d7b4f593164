using System.Net.WebSockets;
using System.Text;

namespace Orleans.Chat.SocketIo.Tests.Infrastructure;

/// <summary>A ClientWebSocket that reads whole messages, with optional automatic pongs.</summary>
public sealed class WebSocketTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly ClientWebSocket _socket;

    private WebSocketTestClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<WebSocketTestClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, timeout.Token);
        return new WebSocketTestClient(socket);
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] data) =>
        _socket.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>The next message; null when the server closed the socket.</summary>
    public async Task<Received?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new Received(result.MessageType, message.ToArray());
            }
        }
    }

    public async Task<string> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        var received = await ReceiveAsync(timeout) ?? throw new InvalidOperationException("The server closed the WebSocket.");
        Assert.Equal(WebSocketMessageType.Text, received.Type);
        return received.Text;
    }

    /// <summary>The next message that is not a ping; pings are answered with pongs on the way.</summary>
    public async Task<Received> ReceiveSkippingPingsAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var received = await ReceiveAsync(timeout) ?? throw new InvalidOperationException("The server closed the WebSocket.");
            if (received.Type == WebSocketMessageType.Text && received.Text == "2")
            {
                await SendTextAsync("3");
                continue;
            }

            return received;
        }
    }

    public async Task<string> ReceiveTextSkippingPingsAsync(TimeSpan? timeout = null)
    {
        var received = await ReceiveSkippingPingsAsync(timeout);
        Assert.Equal(WebSocketMessageType.Text, received.Type);
        return received.Text;
    }

    /// <summary>Reads until the server closes the socket; true when it did within the time.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        try
        {
            while (await ReceiveAsync(timeout ?? DefaultTimeout) is not null)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (WebSocketException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }

    public sealed record Received(WebSocketMessageType Type, byte[] Data)
    {
        public string Text => Encoding.UTF8.GetString(Data);
    }
}
