using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Orleans.Chat.Testing.Clients;

/// <summary>
/// A real WebSocket client of the native protocol. Every frame received is recorded in order;
/// tests wait for acks by id and for events by type.
/// </summary>
public sealed class TestChatClient : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendTurn = new(1, 1);
    public static readonly TimeSpan DefaultTimeout = TestTimeouts.Default;

    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _incoming = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _received = [];
    private readonly HashSet<int> _consumed = [];
    private readonly Task _receiveLoop;
    private int _nextId;

    private TestChatClient(ClientWebSocket socket, string userId)
    {
        _socket = socket;
        UserId = userId;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public string UserId { get; }

    /// <summary>Close status the server sent, once the socket closed.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Close reason the server sent, once the socket closed.</summary>
    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public WebSocketState State => _socket.State;

    /// <summary>Completes when the server closed the connection.</summary>
    public Task Closed => _receiveLoop;

    /// <summary>Connects; <paramref name="configure"/> may set request headers (Authorization: Bearer).</summary>
    public static async Task<TestChatClient> ConnectAsync(Uri uri, string userId, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TestChatClient(socket, userId);
    }

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>One message; sends of concurrent requests (a pipelining test) take turns, as a WebSocket requires.</summary>
    public async Task SendRawAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendTurn.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, type, true, CancellationToken.None);
        }
        finally
        {
            _sendTurn.Release();
        }
    }

    /// <summary>Sends any object as one JSON text frame (for frames with unusual shapes, such as a numeric id).</summary>
    public Task SendFrameAsync(object frame) => SendRawAsync(JsonSerializer.Serialize(frame));

    /// <summary>Sends an event without a request id (no ack expected).</summary>
    public Task EmitAsync(string type, object? data) => SendFrameAsync(new { type, data });

    /// <summary>Sends an event with a fresh request id and returns the ack's data.</summary>
    public async Task<JsonElement> RequestAsync(string type, object? data, TimeSpan? timeout = null) =>
        (await RequestWithIndexAsync(type, data, timeout)).Data;

    /// <summary>
    /// A setup step: sends the request and returns the ack's data, failing at once with the error
    /// payload unless the ack says success (a failed join or create would otherwise surface later as
    /// a timeout). Tests that expect an error use <see cref="RequestAsync"/>.
    /// </summary>
    public async Task<JsonElement> RequestOkAsync(string type, object? data, TimeSpan? timeout = null)
    {
        var ack = await RequestAsync(type, data, timeout);
        ChatChecks.AssertSuccess(ack, $"{UserId}: {type}");
        return ack;
    }

    /// <summary>Like <see cref="RequestAsync"/>, also returning the ack's position in <see cref="Frames"/>.</summary>
    public async Task<(JsonElement Data, int Index)> RequestWithIndexAsync(string type, object? data, TimeSpan? timeout = null)
    {
        var id = "r" + Interlocked.Increment(ref _nextId);
        await SendFrameAsync(new { type, id, data });
        var (ack, index) = await WaitForAsync(frame => IsAckFor(frame, id), timeout);
        return (ack.GetProperty("data"), index);
    }

    /// <summary>The data of the next event of this type (received before or after this call) that matches.</summary>
    public async Task<JsonElement> WaitForEventAsync(string type, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var (frame, _) = await WaitForAsync(f => Type(f) == type && (match is null || match(f.GetProperty("data"))), timeout);
        return frame.GetProperty("data");
    }

    /// <summary>The next whole frame (type, id, data) that matches.</summary>
    public async Task<JsonElement> WaitForFrameAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null) =>
        (await WaitForAsync(match, timeout)).Frame;

    /// <summary>Events of a type received so far (their data), in order.</summary>
    public IReadOnlyList<JsonElement> Received(string type)
    {
        Drain();
        lock (_received)
        {
            return _received.Where(f => Type(f) == type).Select(f => f.GetProperty("data")).ToList();
        }
    }

    /// <summary>Every frame received so far (whole frames), in order.</summary>
    public IReadOnlyList<JsonElement> Frames()
    {
        Drain();
        lock (_received)
        {
            return [.. _received];
        }
    }

    /// <summary>Asserts that no event of this type arrives within the window.</summary>
    public async Task AssertNoEventAsync(string type, TimeSpan window, Func<JsonElement, bool>? match = null)
    {
        await Task.Delay(window);
        Assert.DoesNotContain(Received(type), data => match is null || match(data));
    }

    /// <summary>True for an ack frame whose id is the string <paramref name="id"/>.</summary>
    public static bool IsAckFor(JsonElement frame, string id) =>
        Type(frame) == "ack"
        && frame.TryGetProperty("id", out var ackId)
        && ackId.ValueKind == JsonValueKind.String
        && ackId.GetString() == id;

    public static string? Type(JsonElement frame) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    private async Task<(JsonElement Frame, int Index)> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            Drain();
            lock (_received)
            {
                for (var i = 0; i < _received.Count; i++)
                {
                    if (!_consumed.Contains(i) && predicate(_received[i]))
                    {
                        _consumed.Add(i);
                        return (_received[i], i);
                    }
                }
            }

            try
            {
                // False only once the channel is completed and empty: every frame was seen above.
                if (!await _incoming.Reader.WaitToReadAsync(cts.Token))
                {
                    throw new InvalidOperationException(
                        $"Connection of {UserId} closed ({CloseStatus}) before the expected frame arrived. Received: {string.Join(" | ", Snapshot())}");
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{UserId}: expected frame did not arrive. Received: {string.Join(" | ", Snapshot())}");
            }
        }
    }

    private void Drain()
    {
        lock (_received)
        {
            while (_incoming.Reader.TryRead(out var frame))
            {
                _received.Add(frame);
            }
        }
    }

    private string[] Snapshot()
    {
        lock (_received)
        {
            return _received.Select(f => f.GetRawText()).ToArray();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), CancellationToken.None);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                _incoming.Writer.TryWrite(document.RootElement.Clone());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Server went away or the client was disposed: tests look at CloseStatus / Closed.
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            else if (_socket.State == WebSocketState.CloseReceived)
            {
                // The server closed first: complete the closing handshake.
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }

        _socket.Dispose();
        await _receiveLoop;
    }
}
