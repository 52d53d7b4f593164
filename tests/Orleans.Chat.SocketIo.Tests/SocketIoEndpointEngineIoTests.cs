using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>
/// The Engine.IO cases of the socket.io-protocol suite: the same handshake, close and upgrade rules as the
/// engine.io-protocol suite, at /socket.io/ with the Socket.IO server on top (the session joined no
/// namespace yet, so only Engine.IO speaks). Heartbeats: <see cref="SocketIoEndpointHeartbeatTests"/>.
/// </summary>
public sealed class SocketIoEndpointEngineIoTests(RelaxedSocketIoServerFixture server) : IClassFixture<RelaxedSocketIoServerFixture>
{
    [Fact]
    public async Task Polling_handshake_returns_the_open_packet_with_every_field()
    {
        using var client = server.CreateClient();
        using var response = await client.Http.GetAsync(client.Url("EIO=4&transport=polling"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("0", content, StringComparison.Ordinal);
        AssertOpenPacket(content[1..], ["websocket"]);
    }

    [Fact]
    public async Task WebSocket_handshake_sends_the_open_packet_without_upgrades()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();

        var open = await socket.ReceiveTextAsync();

        Assert.StartsWith("0", open, StringComparison.Ordinal);
        AssertOpenPacket(open[1..], []);
    }

    [Theory]
    [InlineData("transport=polling", 5, "Unsupported protocol version")]
    [InlineData("EIO=abc&transport=polling", 5, "Unsupported protocol version")]
    [InlineData("EIO=4", 0, "Transport unknown")]
    [InlineData("EIO=4&transport=abc", 0, "Transport unknown")]
    public async Task Invalid_handshakes_get_400_with_the_protocol_error(string query, int code, string message)
    {
        using var client = server.CreateClient();
        using var response = await client.Http.GetAsync(client.Url(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($$"""{"code":{{code}},"message":"{{message}}"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task A_handshake_other_than_GET_is_refused(string method)
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), client.Url("EIO=4&transport=polling"));
        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":2,"message":"Bad handshake method"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("transport=websocket")]
    [InlineData("EIO=abc&transport=websocket")]
    [InlineData("EIO=4")]
    [InlineData("EIO=4&transport=abc")]
    public async Task An_invalid_WebSocket_request_is_not_upgraded(string query)
    {
        using var client = server.CreateClient();

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestClient.ConnectAsync(client.WebSocketUri(query)));

        Assert.Contains("400", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_close_packet_ends_the_pending_poll_with_a_noop_and_the_session()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        var poll = client.PollAsync(sid);
        await Task.Delay(50);
        await client.PostOkAsync(sid, "1");
        using var pollResponse = await poll;

        Assert.Equal(HttpStatusCode.OK, pollResponse.StatusCode);
        Assert.Equal("6", await pollResponse.Content.ReadAsStringAsync());
        using var after = await client.PollAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task A_close_packet_closes_the_WebSocket()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("1");

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task Probe_and_upgrade_move_the_session_to_WebSocket_where_Socket_IO_then_connects()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);

        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");

        await AssertMainNamespaceConnectsAsync(socket);
    }

    [Fact]
    public async Task Polling_requests_are_refused_after_the_upgrade()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");
        await AssertMainNamespaceConnectsAsync(socket);

        using var poll = await client.PollAsync(sid);

        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
    }

    [Fact]
    public async Task A_second_WebSocket_for_the_upgraded_session_is_closed()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");

        await using var second = await client.ConnectWebSocketAsync(sid);

        Assert.True(await second.WaitForCloseAsync());
        await AssertMainNamespaceConnectsAsync(socket);
    }

    private static void AssertOpenPacket(string json, string[] upgrades)
    {
        using var open = JsonDocument.Parse(json);
        var root = open.RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, root.GetProperty("sid").ValueKind);
        Assert.Equal(upgrades, root.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(10_000, root.GetProperty("pingInterval").GetInt32());
        Assert.Equal(10_000, root.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, root.GetProperty("maxPayload").GetInt32());
    }

    /// <summary>The session is alive on this WebSocket: a namespace CONNECT gets its reply and the app's first event.</summary>
    private static async Task AssertMainNamespaceConnectsAsync(WebSocketTestClient socket)
    {
        await socket.SendTextAsync("40");
        Assert.StartsWith("40{", await socket.ReceiveTextSkippingPingsAsync(), StringComparison.Ordinal);
        Assert.Equal("""42["auth",{}]""", await socket.ReceiveTextSkippingPingsAsync());
    }
}
