using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class EngineIoHandshakeTests(EngineIoServerFixture server) : IClassFixture<EngineIoServerFixture>
{
    [Fact]
    public async Task Polling_handshake_returns_the_open_packet_with_every_field()
    {
        using var client = server.CreateClient();
        using var response = await client.Http.GetAsync(client.Url("EIO=4&transport=polling"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("0", content, StringComparison.Ordinal);
        using var open = JsonDocument.Parse(content[1..]);
        var root = open.RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, root.GetProperty("sid").ValueKind);
        Assert.Equal(["websocket"], root.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(300, root.GetProperty("pingInterval").GetInt32());
        Assert.Equal(200, root.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, root.GetProperty("maxPayload").GetInt32());
    }

    [Fact]
    public async Task WebSocket_handshake_sends_the_open_packet_without_upgrades()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();

        var open = await socket.ReceiveTextAsync();

        Assert.StartsWith("0", open, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(open[1..]);
        var root = json.RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, root.GetProperty("sid").ValueKind);
        Assert.Empty(root.GetProperty("upgrades").EnumerateArray());
        Assert.Equal(300, root.GetProperty("pingInterval").GetInt32());
        Assert.Equal(200, root.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, root.GetProperty("maxPayload").GetInt32());
    }

    [Theory]
    [InlineData("transport=polling", 5, "Unsupported protocol version")]
    [InlineData("EIO=abc&transport=polling", 5, "Unsupported protocol version")]
    [InlineData("EIO=3&transport=polling", 5, "Unsupported protocol version")]
    [InlineData("EIO=4", 0, "Transport unknown")]
    [InlineData("EIO=4&transport=abc", 0, "Transport unknown")]
    [InlineData("EIO=4&transport=polling&sid=unknown", 1, "Session ID unknown")]
    [InlineData("EIO=4&transport=websocket", 3, "Bad request")]
    public async Task Invalid_requests_get_400_with_the_protocol_error(string query, int code, string message)
    {
        using var client = server.CreateClient();
        using var response = await client.Http.GetAsync(client.Url(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
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
}
