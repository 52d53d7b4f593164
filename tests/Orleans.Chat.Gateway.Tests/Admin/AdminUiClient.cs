using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Orleans.Chat.Gateway.Tests.Admin;

/// <summary>
/// Speaks to "/admin" as the Admin UI does, on the raw wire: Engine.IO over WebSocket, CONNECT with
/// {username, password}, then the namespace's events. Every text it received is kept for leak checks.
/// </summary>
internal sealed class AdminUiClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<(string Name, JsonElement[] Args)> _events = Channel.CreateUnbounded<(string, JsonElement[])>();
    private readonly StringBuilder _transcript = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>The CONNECT answer: null when accepted, else the connect_error message.</summary>
    public string? Error { get; private set; }

    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    public static async Task<AdminUiClient> ConnectAsync(Uri baseUri, string? username, string? password)
    {
        var client = new AdminUiClient();
        var ws = new Uri(baseUri.ToString().Replace("http", "ws", StringComparison.Ordinal) + "socket.io/?EIO=4&transport=websocket");
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        var open = await client.ReadAsync();
        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        await client.SendAsync("40/admin," + JsonSerializer.Serialize(new { username, password }));
        var reply = await client.ReadAsync();
        if (reply.StartsWith("44/admin,", StringComparison.Ordinal))
        {
            client.Error = JsonDocument.Parse(reply["44/admin,".Length..]).RootElement.GetProperty("message").GetString();
            return client;
        }

        Assert.StartsWith("40/admin,", reply, StringComparison.Ordinal);
        client._loop = client.ReceiveLoopAsync();
        return client;
    }

    public Task EmitAsync(string name, params object?[] args) =>
        SendAsync("42/admin," + JsonSerializer.Serialize(new object?[] { name }.Concat(args).ToArray()));

    /// <summary>The next event named <paramref name="name"/> that <paramref name="match"/> accepts (earlier ones are skipped).</summary>
    public async Task<JsonElement[]> WaitForAsync(string name, Func<JsonElement[], bool>? match = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        var skipped = new List<string>();
        try
        {
            while (true)
            {
                var (eventName, args) = await _events.Reader.ReadAsync(cts.Token);
                if (eventName == name && (match is null || match(args)))
                {
                    return args;
                }

                skipped.Add(eventName + JsonSerializer.Serialize(args));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"No matching {name}; got: {string.Join(" | ", skipped)}", ex);
        }
    }

    /// <summary>Every event that arrived within <paramref name="window"/>, by name.</summary>
    public async Task<List<string>> CollectNamesAsync(TimeSpan window)
    {
        var names = new List<string>();
        using var cts = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                names.Add((await _events.Reader.ReadAsync(cts.Token)).Name);
            }
        }
        catch (OperationCanceledException)
        {
            return names;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var text = await ReadAsync(withTimeout: false);
                if (text == "2")
                {
                    await SendAsync("3");
                }
                else if (text.StartsWith("42/admin,", StringComparison.Ordinal))
                {
                    var array = JsonDocument.Parse(text["42/admin,".Length..]).RootElement;
                    var items = array.EnumerateArray().Select(e => e.Clone()).ToArray();
                    _events.Writer.TryWrite((items[0].GetString()!, items[1..]));
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // The server or the test ended the connection.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private async Task<string> ReadAsync(bool withTimeout = true)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        using var cts = new CancellationTokenSource(withTimeout ? TestTimeouts.Default : Timeout.InfiniteTimeSpan);
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed");
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        var text = Encoding.UTF8.GetString(message.ToArray());
        lock (_transcript)
        {
            _transcript.AppendLine(text);
        }

        return text;
    }

    private Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
}
