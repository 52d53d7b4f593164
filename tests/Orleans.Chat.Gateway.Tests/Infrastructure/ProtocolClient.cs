using System.Text.Json;

namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>The two wire protocols a client event must work on.</summary>
public enum WireProtocol
{
    Native,
    SocketIo,
}

/// <summary>
/// One connected user over either protocol, with the calls the event tests need: a request and its ack,
/// and waiting for a server event. Lets one test body run on the native protocol and on Socket.IO.
/// </summary>
public sealed class ProtocolClient : IAsyncDisposable
{
    private readonly TestChatClient? _native;
    private readonly RawSocketIoClient? _socketIo;

    private ProtocolClient(string userId, TestChatClient? native, RawSocketIoClient? socketIo)
    {
        UserId = userId;
        _native = native;
        _socketIo = socketIo;
    }

    public string UserId { get; }

    public static TheoryData<WireProtocol> Both => [WireProtocol.Native, WireProtocol.SocketIo];

    public static async Task<ProtocolClient> ConnectAsync(GatewayServer server, WireProtocol protocol, string? userId = null, string? name = null)
    {
        userId ??= TestIds.User();
        return protocol == WireProtocol.Native
            ? new ProtocolClient(userId, await server.ConnectAsync(userId, name), null)
            : new ProtocolClient(userId, null, await RawSocketIoClient.ConnectWebSocketAsync(server.BaseUri, await server.DevTokenAsync(userId, name)));
    }

    /// <summary>The ack of the event.</summary>
    public Task<JsonElement> RequestAsync(string type, object? data) =>
        _native is not null ? _native.RequestAsync(type, data) : _socketIo!.RequestAsync(type, data);

    /// <summary>The ack, which must be a success.</summary>
    public async Task<JsonElement> RequestOkAsync(string type, object? data)
    {
        var ack = await RequestAsync(type, data);
        AssertSuccess(ack, type);
        return ack;
    }

    public WireProtocol Protocol => _native is not null ? WireProtocol.Native : WireProtocol.SocketIo;

    /// <summary>
    /// upload-chunk with <paramref name="bytes"/> as base64 in "data", or (Socket.IO, <paramref name="binary"/>)
    /// as a binary attachment whose placeholder is "data".
    /// </summary>
    public Task<JsonElement> SendChunkAsync(string uploadId, int index, byte[] bytes, bool binary = false)
    {
        if (!binary)
        {
            return RequestAsync("upload-chunk", new { uploadId, index, data = Convert.ToBase64String(bytes) });
        }

        var placeholder = new Dictionary<string, object> { ["_placeholder"] = true, ["num"] = 0 };
        return _socketIo!.RequestBinaryAsync("upload-chunk", new { uploadId, index, data = placeholder }, bytes);
    }

    /// <summary>Sends the event without an ack id (an oversized frame, which the server answers with an error event and a close).</summary>
    public Task SendWithoutAckAsync(string type, object? data) => _native is not null
        ? _native.EmitAsync(type, data)
        : _socketIo!.SendPacketAsync("2" + JsonSerializer.Serialize(new[] { type, data }));

    /// <summary>Waits until the server ended the session: a close of the WebSocket (native), a DISCONNECT (Socket.IO).</summary>
    public async Task WaitClosedAsync()
    {
        if (_native is not null)
        {
            await _native.Closed.WaitAsync(TestTimeouts.Default);
            return;
        }

        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!_socketIo!.WasDisconnected())
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not disconnect the socket");
            await Task.Delay(20);
        }
    }

    /// <summary>The first event of this name (that matches) received so far or still to come.</summary>
    public async Task<JsonElement> WaitForEventAsync(string type, Func<JsonElement, bool>? match = null)
    {
        if (_native is not null)
        {
            return await _native.WaitForEventAsync(type, match);
        }

        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            foreach (var (name, data) in _socketIo!.Received())
            {
                if (name == type && (match is null || match(data)))
                {
                    return data;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {type} event; received: {string.Join(", ", _socketIo.Received().Select(e => e.Name))}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The events of this name received so far.</summary>
    public IReadOnlyList<JsonElement> Received(string type) => _native is not null
        ? _native.Received(type)
        : [.. _socketIo!.Received().Where(e => e.Name == type).Select(e => e.Data)];

    public async ValueTask DisposeAsync()
    {
        if (_native is not null)
        {
            await _native.DisposeAsync();
        }

        if (_socketIo is not null)
        {
            await _socketIo.DisposeAsync();
        }
    }
}
