using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Orleans.Chat.Testing.Clients;

/// <summary>
/// A minimal Socket.IO v4 client (namespace "/") speaking the raw wire protocol over Engine.IO
/// WebSocket or HTTP long-polling, so a test can stop it at any point: a polling client that
/// stops polling, or a WebSocket whose TCP dies under it.
/// </summary>
public sealed class RawSocketIoClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _sendTurn = new(1, 1);
    private readonly List<(string Name, JsonElement Data)> _events = [];
    private readonly List<string> _packets = [];
    private readonly Dictionary<int, TaskCompletionSource<JsonElement>> _acks = [];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Uri _baseUri;
    private readonly CancellationTokenSource _stop = new();
    private ClientWebSocket? _socket;
    private HttpClient? _http;
    private string? _sid;
    private Task _loop = Task.CompletedTask;
    private int _nextAck;
    private volatile bool _pollNoMore;
    private string? _pid;
    private string? _offset;

    private RawSocketIoClient(Uri baseUri) => _baseUri = baseUri;

    /// <summary>The private session id of connection state recovery (from the CONNECT answer); null when the server offers none.</summary>
    public string? Pid
    {
        get
        {
            lock (_gate)
            {
                return _pid;
            }
        }
    }

    /// <summary>The recovery offset of the last event that carried one (its last argument), as socket.io-client keeps it.</summary>
    public string? Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    /// <summary>Connects over the Engine.IO WebSocket transport (directly, no polling first) and waits for the chat's connected event.</summary>
    public static Task<RawSocketIoClient> ConnectWebSocketAsync(Uri baseUri, string token) =>
        OpenWebSocketAsync(baseUri, JsonSerializer.Serialize(new { token }));

    /// <summary>
    /// Reconnects as socket.io-client does after its transport dropped: the CONNECT carries the previous
    /// connection's <see cref="Pid"/> and <see cref="Offset"/>, so the server may recover the session.
    /// </summary>
    public static Task<RawSocketIoClient> ReconnectWebSocketAsync(Uri baseUri, string token, string pid, string? offset) =>
        OpenWebSocketAsync(baseUri, JsonSerializer.Serialize(new { token, pid, offset }));

    private static async Task<RawSocketIoClient> OpenWebSocketAsync(Uri baseUri, string authJson)
    {
        var client = new RawSocketIoClient(baseUri);
        client._socket = new ClientWebSocket();
        var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._loop = Task.Run(client.WebSocketLoopAsync);
        await client.SendAsync("0" + authJson);
        await client.WaitConnectedAsync();
        return client;
    }

    /// <summary>Connects over HTTP long-polling and waits for the chat's connected event; polling goes on until <see cref="StopPolling"/>.</summary>
    public static async Task<RawSocketIoClient> ConnectPollingAsync(Uri baseUri, string token)
    {
        var client = new RawSocketIoClient(baseUri)
        {
            _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) },
        };
        var open = await client._http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        client.Handle(open);
        await client.SendAsync("0" + JsonSerializer.Serialize(new { token }));
        client._loop = Task.Run(client.PollLoopAsync);
        await client.WaitConnectedAsync();
        return client;
    }

    /// <summary>
    /// The session stops polling for good, as a phone that lost its network does (the server is
    /// not told): the poll in flight is answered (a request's ack flushes it), and no other follows.
    /// </summary>
    public async Task StopPollingAsync()
    {
        _pollNoMore = true;
        await RequestOkAsync("get-conversations", null);
        await _loop.WaitAsync(TestTimeouts.Default);
    }

    /// <summary>Emits the event with an ack id; returns the ack's first argument.</summary>
    public async Task<JsonElement> RequestAsync(string eventName, object? payload)
    {
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_gate)
        {
            id = _nextAck++;
            _acks[id] = ack;
        }

        await SendAsync("2" + id + JsonSerializer.Serialize(new[] { eventName, payload }));
        return await ack.Task.WaitAsync(TestTimeouts.Default);
    }

    /// <summary>A setup step: like <see cref="RequestAsync"/>, failing at once with the payload unless the ack says success.</summary>
    public async Task<JsonElement> RequestOkAsync(string eventName, object? payload)
    {
        var ack = await RequestAsync(eventName, payload);
        ChatChecks.AssertSuccess(ack, eventName);
        return ack;
    }

    /// <summary>The data of the first <paramref name="eventName"/> received so far or still to come.</summary>
    public async Task<JsonElement> WaitForEventAsync(string eventName, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Default);
        while (true)
        {
            lock (_gate)
            {
                foreach (var (name, data) in _events)
                {
                    if (name == eventName)
                    {
                        return data;
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {eventName} event; received: {string.Join(", ", Received().Select(e => e.Name))}");
            }

            await Task.Delay(20);
        }
    }

    public IReadOnlyList<(string Name, JsonElement Data)> Received()
    {
        lock (_gate)
        {
            return [.. _events];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket is not null)
        {
            _socket.Abort();
            _socket.Dispose();
        }

        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or WebSocketException)
        {
            // Stopped.
        }

        _http?.Dispose();
    }

    private async Task WaitConnectedAsync()
    {
        try
        {
            await _connected.Task.WaitAsync(TestTimeouts.Default);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                throw new TimeoutException("Not connected; packets received: " + string.Join(" | ", _packets));
            }
        }

        await WaitForEventAsync("connected");
    }

    /// <summary>Sends a Socket.IO packet, as an Engine.IO message ("4"); concurrent requests take turns.</summary>
    private async Task SendAsync(string packet, byte[]? attachment = null)
    {
        var text = "4" + packet;
        if (_socket is null)
        {
            await PostAsync(text);
            return;
        }

        await _sendTurn.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            if (attachment is not null)
            {
                // Engine.IO v4 over WebSocket: an attachment is one binary message of the raw bytes.
                await _socket.SendAsync(attachment, WebSocketMessageType.Binary, true, CancellationToken.None);
            }
        }
        finally
        {
            _sendTurn.Release();
        }
    }

    /// <summary>
    /// A BINARY_EVENT with one attachment (WebSocket only): <paramref name="payload"/> holds the placeholder
    /// {"_placeholder":true,"num":0} where the bytes go, as socket.io-client sends a Buffer argument.
    /// </summary>
    public async Task<JsonElement> RequestBinaryAsync(string eventName, object payload, byte[] attachment)
    {
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_gate)
        {
            id = _nextAck++;
            _acks[id] = ack;
        }

        await SendAsync("51-" + id + JsonSerializer.Serialize(new[] { eventName, payload }), attachment);
        return await ack.Task.WaitAsync(TestTimeouts.Default);
    }

    /// <summary>Sends a Socket.IO packet as it is (after the Engine.IO "4"), e.g. an oversized one.</summary>
    public Task SendPacketAsync(string packet) => SendAsync(packet);

    /// <summary>Whether the server ended the socket: a DISCONNECT of the "/" namespace, or the WebSocket closed.</summary>
    public bool WasDisconnected()
    {
        lock (_gate)
        {
            if (_packets.Contains("41"))
            {
                return true;
            }
        }

        return _socket is not null && _socket.State != WebSocketState.Open;
    }

    private async Task PostAsync(string body)
    {
        using var response = await _http!.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={_sid}", new StringContent(body, Encoding.UTF8, "text/plain"));
        response.EnsureSuccessStatusCode();
    }

    private async Task PollLoopAsync()
    {
        while (!_stop.IsCancellationRequested && !_pollNoMore)
        {
            string payload;
            try
            {
                payload = await _http!.GetStringAsync($"/socket.io/?EIO=4&transport=polling&sid={_sid}", _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
                return;
            }

            foreach (var packet in payload.Split(RecordSeparator))
            {
                if (packet == "2")
                {
                    await PostAsync("3");
                }
                else
                {
                    Handle(packet);
                }
            }
        }
    }

    private async Task WebSocketLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (_socket!.State == WebSocketState.Open)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), _stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var packet = Encoding.UTF8.GetString(buffer, 0, length);
                if (packet == "2")
                {
                    await _socket.SendAsync("3"u8.ToArray(), WebSocketMessageType.Text, true, _stop.Token);
                }
                else
                {
                    Handle(packet);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection died or the test stopped it.
        }
    }

    /// <summary>Handles one Engine.IO packet.</summary>
    private void Handle(string packet)
    {
        lock (_gate)
        {
            _packets.Add(packet);
        }

        if (packet.StartsWith('0'))
        {
            using var open = JsonDocument.Parse(packet[1..]);
            _sid = open.RootElement.GetProperty("sid").GetString();
        }
        else if (packet.StartsWith("40", StringComparison.Ordinal))
        {
            if (packet.Length > 2)
            {
                using var answer = JsonDocument.Parse(packet[2..]);
                lock (_gate)
                {
                    _pid = answer.RootElement.TryGetProperty("pid", out var pid) ? pid.GetString() : null;
                }
            }

            _connected.TrySetResult();
        }
        else if (packet.StartsWith("42", StringComparison.Ordinal))
        {
            using var arguments = JsonDocument.Parse(packet[2..]);
            var name = arguments.RootElement[0].GetString()!;
            var count = arguments.RootElement.GetArrayLength();
            var data = count > 1 ? arguments.RootElement[1].Clone() : default;
            lock (_gate)
            {
                _events.Add((name, data));
                if (count > 2 && arguments.RootElement[count - 1].ValueKind == JsonValueKind.String)
                {
                    _offset = arguments.RootElement[count - 1].GetString();
                }
            }
        }
        else if (packet.StartsWith("43", StringComparison.Ordinal))
        {
            var bracket = packet.IndexOf('[', StringComparison.Ordinal);
            var id = int.Parse(packet[2..bracket], System.Globalization.CultureInfo.InvariantCulture);
            using var arguments = JsonDocument.Parse(packet[bracket..]);
            TaskCompletionSource<JsonElement>? ack;
            lock (_gate)
            {
                _acks.Remove(id, out ack);
            }

            ack?.TrySetResult(arguments.RootElement[0].Clone());
        }
        else if (packet.StartsWith("44", StringComparison.Ordinal))
        {
            _connected.TrySetException(new InvalidOperationException("connect_error: " + packet[2..]));
        }
    }
}
