using System.Net;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Api;

/// <summary>The room endpoints of the server API, observed by real clients on both protocols.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RoomApiTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Room_event_reaches_every_member_and_no_one_else(WireProtocol protocol)
    {
        var room = TestIds.Room();
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var bob = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var stranger = await Server.ConnectAsync();
        await alice.RequestOkAsync("create-room", new { roomId = room });
        await bob.RequestOkAsync("join-room", room);

        var response = await Server.ApiPostAsync($"/api/rooms/{room}/events", """{"event":"game-over","data":{"winner":"bob","score":[3,1]}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Body.GetProperty("success").GetBoolean());
        foreach (var member in new[] { alice, bob })
        {
            var received = await member.WaitForEventAsync("room-event", d => d.GetProperty("event").GetString() == "game-over");
            Assert.Equal(room, received.GetProperty("roomId").GetString());
            Assert.Equal("system", received.GetProperty("userId").GetString());
            Assert.Equal("bob", received.GetProperty("data").GetProperty("winner").GetString());
            Assert.Equal(1, received.GetProperty("data").GetProperty("score")[1].GetInt32());
        }

        await stranger.AssertNoEventAsync("room-event", Quiet);
    }

    [Fact]
    public async Task Room_event_refuses_bad_names_oversized_data_unknown_rooms_and_hostile_ids()
    {
        var room = TestIds.Room();
        await using var alice = await Server.ConnectAsync();
        await alice.RequestOkAsync("create-room", new { roomId = room });

        (await Server.ApiPostAsync($"/api/rooms/{room}/events", """{"event":"Bad Name","data":1}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync($"/api/rooms/{room}/events", """{"event":7,"data":1}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync($"/api/rooms/{room}/events", """{"data":1}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync($"/api/rooms/{room}/events", """{"event":"x","data":""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        var oversized = JsonSerializer.Serialize(new { @event = "blob", data = new string('d', 5000) });
        (await Server.ApiPostAsync($"/api/rooms/{room}/events", oversized)).AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        (await Server.ApiPostAsync($"/api/rooms/{TestIds.Room()}/events", """{"event":"x"}""")).AssertError(HttpStatusCode.NotFound, "not_found");
        (await Server.ApiPostAsync($"/api/rooms/{new string('r', 600)}/events", """{"event":"x"}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        // A bidi override, a zero-width space, a tab: never ids.
        foreach (var hostile in new[] { "room%E2%80%AEevil", "room%E2%80%8B", "ro%09om" })
        {
            (await Server.ApiPostAsync($"/api/rooms/{hostile}/events", """{"event":"x"}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        }

        await alice.RequestOkAsync("ping", null);
        Assert.Empty(alice.Received("room-event"));
    }

    [Fact]
    public async Task Room_info_describes_the_room_and_unknown_rooms_are_404()
    {
        var room = TestIds.Room();
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        await alice.RequestOkAsync("create-room", new { roomId = room, name = "Book club", visibility = "private", members = new[] { bob.UserId } });
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("message", new { roomId = room, content = "one" });
        await alice.RequestOkAsync("message", new { roomId = room, content = "two" });

        var (status, body) = await Server.ApiGetAsync($"/api/rooms/{room}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(room, body.GetProperty("id").GetString());
        Assert.Equal("Book club", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("private").GetBoolean());
        Assert.Equal(alice.UserId, body.GetProperty("ownerId").GetString());
        Assert.Equal(2, body.GetProperty("memberCount").GetInt32());
        Assert.Equal(2, body.GetProperty("lastSeq").GetInt64());
        Assert.InRange(body.GetProperty("createdAt").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        (await Server.ApiGetAsync($"/api/rooms/{TestIds.Room()}")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Members_are_paged_by_id_with_role_and_online_status()
    {
        var room = TestIds.Room();
        await using var owner = await Server.ConnectAsync();
        await owner.RequestOkAsync("create-room", new { roomId = room });
        var online = new List<TestChatClient>();
        for (var i = 0; i < 4; i++)
        {
            var member = await Server.ConnectAsync();
            online.Add(member);
            await member.RequestOkAsync("join-room", room);
        }

        // One member goes offline: their membership stays, their status follows.
        var leaver = online[^1];
        await leaver.DisposeAsync();
        var everyone = new[] { owner.UserId }.Concat(online.Select(c => c.UserId)).Order(StringComparer.Ordinal).ToList();

        var seen = new List<JsonElement>();
        string? cursor = null;
        await Eventually.TrueAsync(async () =>
        {
            seen.Clear();
            cursor = null;
            do
            {
                var (status, body) = await Server.ApiGetAsync($"/api/rooms/{room}/members?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.InRange(body.GetProperty("members").GetArrayLength(), 1, 2);
                seen.AddRange(body.GetProperty("members").EnumerateArray());
                cursor = body.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);

            return seen.Single(m => m.GetProperty("userId").GetString() == leaver.UserId).GetProperty("online").GetBoolean() == false;
        }, what: "the leaver to show offline");

        Assert.Equal(everyone, seen.Select(m => m.GetProperty("userId").GetString()));
        Assert.Equal("owner", seen.Single(m => m.GetProperty("userId").GetString() == owner.UserId).GetProperty("role").GetString());
        Assert.All(seen.Where(m => m.GetProperty("userId").GetString() != leaver.UserId), m => Assert.True(m.GetProperty("online").GetBoolean()));

        (await Server.ApiGetAsync($"/api/rooms/{room}/members?limit=0")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiGetAsync($"/api/rooms/{room}/members?limit=ten")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiGetAsync($"/api/rooms/{room}/members?cursor=%25%25%25")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiGetAsync($"/api/rooms/{TestIds.Room()}/members")).AssertError(HttpStatusCode.NotFound, "not_found");
        foreach (var member in online.Take(3))
        {
            await member.DisposeAsync();
        }
    }
}
