using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Grains;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ServerApiTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Stats_reflect_connections_online_users_and_rooms()
    {
        // Tests of this collection run one at a time and close their connections: the baseline holds still
        // once their last disconnects have reached the stats (they are sent in batches).
        var baseline = await SettledStatsAsync();
        var userId = TestIds.User();

        await using var first = await Server.ConnectAsync(userId);
        await using var second = await Server.ConnectAsync(userId);
        await using var other = await Server.ConnectAsync();
        await first.RequestOkAsync("join-room", TestIds.Room());
        await other.RequestOkAsync("create-room", new { roomId = TestIds.Room(), visibility = "private" });

        var busy = await Eventually.ProbeAsync(
            Server.StatsAsync,
            s => Count(s, "onlineUsers") == Count(baseline, "onlineUsers") + 2 && Count(s, "rooms") == Count(baseline, "rooms") + 2,
            "two more users online and two more rooms");
        Assert.Equal(Count(baseline, "connections") + 3, Count(busy, "connections"));

        await second.DisposeAsync();
        await other.DisposeAsync();

        var after = await Eventually.ProbeAsync(
            Server.StatsAsync,
            s => Count(s, "onlineUsers") == Count(baseline, "onlineUsers") + 1,
            "one user still online");
        Assert.Equal(Count(baseline, "connections") + 1, Count(after, "connections"));
        Assert.Equal(Count(baseline, "rooms") + 2, Count(after, "rooms"));
    }

    [Fact]
    public async Task Stats_need_no_api_key()
    {
        using var response = await Server.Http.GetAsync("/api/stats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Broadcast_delivers_the_event_to_every_connected_client()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var eventName = "announcement-" + Guid.NewGuid().ToString("N")[..8];

        var (status, body) = await Server.ApiPostAsync("/api/broadcast", JsonSerializer.Serialize(new
        {
            @event = eventName,
            data = new { text = "maintenance at noon", level = 2, tags = new[] { "ops" } },
        }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        foreach (var client in new[] { alice, bob })
        {
            var data = await client.WaitForEventAsync(eventName);
            Assert.Equal("maintenance at noon", data.GetProperty("text").GetString());
            Assert.Equal(2, data.GetProperty("level").GetInt32());
            Assert.Equal("ops", data.GetProperty("tags")[0].GetString());
            Assert.Single(client.Received(eventName));
        }
    }

    [Fact]
    public async Task Broadcast_carries_any_json_payload()
    {
        await using var client = await Server.ConnectAsync();
        var eventName = "notice-" + Guid.NewGuid().ToString("N")[..8];

        var (status, _) = await Server.ApiPostAsync("/api/broadcast", $$"""{"event":"{{eventName}}","data":"plain text"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("plain text", (await client.WaitForEventAsync(eventName)).GetString());
    }

    [Theory]
    [InlineData("/api/broadcast")]
    [InlineData("/api/rooms/some-room/messages")]
    public async Task Server_api_without_a_key_is_401_auth_required(string path)
    {
        var (status, body) = await Server.ApiPostAsync(path, """{"event":"x","data":{},"content":"x"}""", apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("auth_required", body.GetProperty("code").GetString());
        Assert.Equal("Authentication required", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/broadcast")]
    [InlineData("/api/rooms/some-room/messages")]
    public async Task Server_api_with_a_wrong_key_is_401_auth_failed(string path)
    {
        await using var client = await Server.ConnectAsync();

        var (status, body) = await Server.ApiPostAsync(path, """{"event":"sneaky","data":{},"content":"x"}""", apiKey: "not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("auth_failed", body.GetProperty("code").GetString());
        Assert.StartsWith("Authentication failed: ", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        await client.RequestOkAsync("ping", null);
        Assert.Empty(client.Received("sneaky"));
    }

    [Fact]
    public async Task Server_api_without_a_configured_key_is_403_api_disabled_even_with_a_key()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Api:Key"] = string.Empty });

        var (status, body) = await server.ApiPostAsync("/api/broadcast", """{"event":"x","data":{}}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("api_disabled", body.GetProperty("code").GetString());
        using var stats = await server.Http.GetAsync("/api/stats");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
    }

    [Fact]
    public async Task A_chat_users_token_does_not_open_the_server_api()
    {
        // A client token is a valid identity on this gateway, but the server-api policy asks for the API key scheme.
        await using var client = await Server.ConnectAsync();
        var token = await Server.DevTokenAsync(TestIds.User());
        using var bearer = new HttpRequestMessage(HttpMethod.Post, $"/api/broadcast?token={token}")
        {
            Content = new StringContent("""{"event":"sneaky","data":{}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await Server.Http.SendAsync(bearer);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("auth_required", body.RootElement.GetProperty("code").GetString());
        await client.RequestOkAsync("ping", null);
        Assert.Empty(client.Received("sneaky"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"data":{}}""")]
    [InlineData("""{"event":"","data":{}}""")]
    [InlineData("""{"event":"x"}""")]
    [InlineData("""{"event":5,"data":{}}""")]
    [InlineData("[]")]
    public async Task Broadcast_with_a_malformed_body_is_400_invalid_format(string body)
    {
        var (status, error) = await Server.ApiPostAsync("/api/broadcast", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_format", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Room_message_from_the_api_reaches_the_members_with_the_next_seq()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("message", new { roomId = room, content = "from a user" });

        var (status, body) = await Server.ApiPostAsync(
            $"/api/rooms/{room}/messages",
            JsonSerializer.Serialize(new { content = "from the backend", userId = "billing-bot", userName = "Billing" }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(2, body.GetProperty("seq").GetInt64());
        var messageId = body.GetProperty("messageId").GetString();
        Assert.True(body.GetProperty("timestamp").GetInt64() > 0);
        foreach (var client in new[] { alice, bob })
        {
            var message = await client.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 2);
            Assert.Equal(messageId, message.GetProperty("id").GetString());
            Assert.Equal("from the backend", message.GetProperty("content").GetString());
            Assert.Equal("billing-bot", message.GetProperty("userId").GetString());
            Assert.Equal("Billing", message.GetProperty("user").GetProperty("name").GetString());
        }

        var next = await alice.RequestAsync("message", new { roomId = room, content = "after the bot" });
        Assert.Equal(3, next.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Room_message_from_the_api_without_a_user_comes_from_system()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        var (status, _) = await Server.ApiPostAsync($"/api/rooms/{room}/messages", """{"content":"system notice"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var message = await alice.WaitForEventAsync("new-message");
        Assert.Equal("system", message.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Room_message_to_an_unknown_room_is_404_not_found_and_creates_no_room()
    {
        var room = TestIds.Room();

        var (status, body) = await Server.ApiPostAsync($"/api/rooms/{room}/messages", """{"content":"anyone?"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not_found", body.GetProperty("code").GetString());
        await using var alice = await Server.ConnectAsync();
        var join = await alice.RequestAsync("join-room", room);
        Assert.Equal(0, join.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Room_message_with_too_long_content_is_400_content_too_long()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        var (status, body) = await Server.ApiPostAsync($"/api/rooms/{room}/messages", JsonSerializer.Serialize(new { content = new string('x', 4001) }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("content_too_long", body.GetProperty("code").GetString());
        var next = await alice.RequestAsync("message", new { roomId = room, content = "first stored" });
        Assert.Equal(1, next.GetProperty("seq").GetInt64());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{}")]
    [InlineData("""{"content":"   "}""")]
    [InlineData("""{"content":5}""")]
    public async Task Room_message_with_a_malformed_body_is_400_invalid_format(string body)
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        var (status, error) = await Server.ApiPostAsync($"/api/rooms/{room}/messages", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_format", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200(string path)
    {
        using var response = await Server.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static int Count(JsonElement stats, string property) => stats.GetProperty(property).GetInt32();

    /// <summary>The stats once the silo holds no unsent online count and the count holds over a few flushes.</summary>
    private async Task<JsonElement> SettledStatsAsync()
    {
        var counter = Server.Services.GetRequiredService<OnlineUserCounter>();
        JsonElement settled = default;
        await Eventually.TrueAsync(
            async () =>
            {
                var first = await Server.StatsAsync();
                await Task.Delay(GatewayFixture.StatsFlushInterval * 4);
                settled = await Server.StatsAsync();
                return Count(first, "onlineUsers") == Count(settled, "onlineUsers") && counter.Pending == 0;
            },
            what: "the online count to settle");
        return settled;
    }
}
