using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>mark-read of rooms and get-rooms, on both protocols.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ReadStateEventTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Mark_read_moves_a_members_room_cursor_forward_and_get_rooms_lists_it(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol, name: "Alice");
        await using var bob = await ProtocolClient.ConnectAsync(Server, protocol, name: "Bob");
        await using var carol = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await alice.RequestOkAsync("create-room", new { roomId = room, name = "Lobby" });
        await bob.RequestOkAsync("join-room", room);
        for (var i = 1; i <= 3; i++)
        {
            await alice.RequestOkAsync("message", new { roomId = room, content = $"m{i}" });
        }

        var summary = Single(await bob.RequestOkAsync("get-rooms", null));
        Assert.Equal(["room", "role", "lastSeq", "lastMessage", "lastActivity", "readSeq", "unread"], summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal((room, "Lobby", alice.UserId), (summary.GetProperty("room").GetProperty("id").GetString(),
            summary.GetProperty("room").GetProperty("name").GetString(), summary.GetProperty("room").GetProperty("ownerId").GetString()));
        Assert.Equal(("member", 3L, 0L, 3L), State(summary));
        Assert.Equal("m3", summary.GetProperty("lastMessage").GetProperty("content").GetString());
        Assert.True(summary.GetProperty("lastActivity").GetInt64() > 0);

        Assert.Equal(["success"], (await bob.RequestAsync("mark-read", new { roomId = room, seq = 2 })).EnumerateObject().Select(p => p.Name));
        Assert.Equal(("member", 3L, 2L, 1L), State(Single(await bob.RequestOkAsync("get-rooms", new { }))));
        await bob.RequestOkAsync("mark-read", new { roomId = room, seq = 1000 });
        Assert.Equal(("member", 3L, 3L, 0L), State(Single(await bob.RequestOkAsync("get-rooms", new { limit = 10 }))));
        await bob.RequestOkAsync("mark-read", new { roomId = room, seq = 1 });
        Assert.Equal(("member", 3L, 3L, 0L), State(Single(await bob.RequestOkAsync("get-rooms", new { limit = 0 }))));

        // One's own messages are not unread.
        Assert.Equal("owner", Single(await alice.RequestOkAsync("get-rooms", null)).GetProperty("role").GetString());
        Assert.Equal(0, Single(await alice.RequestOkAsync("get-rooms", null)).GetProperty("unread").GetInt64());

        AssertError(await carol.RequestAsync("mark-read", new { roomId = room, seq = 1 }), "not_in_room", "Not in room");
        Assert.Equal(0, (await carol.RequestOkAsync("get-rooms", null)).GetProperty("rooms").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Get_rooms_lists_the_most_recently_active_first_up_to_the_limit(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol);
        var (older, newer) = (TestIds.Room(), TestIds.Room());
        await alice.RequestOkAsync("join-room", newer);
        await alice.RequestOkAsync("join-room", older);
        await alice.RequestOkAsync("message", new { roomId = older, content = "a" });
        await Task.Delay(5);
        await alice.RequestOkAsync("message", new { roomId = newer, content = "b" });

        var rooms = (await alice.RequestOkAsync("get-rooms", null)).GetProperty("rooms");
        Assert.Equal([newer, older], rooms.EnumerateArray().Select(r => r.GetProperty("room").GetProperty("id").GetString()));
        // Public rooms made by a join have no owner: everyone is a member.
        Assert.Equal("member", rooms[0].GetProperty("role").GetString());
        Assert.Equal([newer], (await alice.RequestOkAsync("get-rooms", new { limit = 1 })).GetProperty("rooms").EnumerateArray()
            .Select(r => r.GetProperty("room").GetProperty("id").GetString()));
    }

    private static JsonElement Single(JsonElement ack) => Assert.Single(ack.GetProperty("rooms").EnumerateArray());

    private static (string Role, long LastSeq, long ReadSeq, long Unread) State(JsonElement summary) => (
        summary.GetProperty("role").GetString()!,
        summary.GetProperty("lastSeq").GetInt64(),
        summary.GetProperty("readSeq").GetInt64(),
        summary.GetProperty("unread").GetInt64());
}
