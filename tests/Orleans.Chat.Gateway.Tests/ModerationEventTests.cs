using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>set-role, kick and update-room, on both protocols.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ModerationEventTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task The_owner_names_admins_and_admins_kick_members(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol, name: "Alice");
        await using var bob = await ProtocolClient.ConnectAsync(Server, protocol, name: "Bob");
        await using var carol = await ProtocolClient.ConnectAsync(Server, protocol, name: "Carol");
        var room = TestIds.Room();
        await alice.RequestOkAsync("create-room", new { roomId = room });
        await bob.RequestOkAsync("join-room", room);
        await carol.RequestOkAsync("join-room", room);

        AssertError(await carol.RequestAsync("set-role", new { roomId = room, userId = bob.UserId, role = "admin" }), "not_allowed", "Not allowed");
        AssertError(await alice.RequestAsync("set-role", new { roomId = room, userId = TestIds.User(), role = "admin" }), "not_found", "Not found");
        AssertError(await bob.RequestAsync("kick", new { roomId = room, userId = carol.UserId }), "not_allowed");
        Assert.Equal(["success"], (await alice.RequestAsync("set-role", new { roomId = room, userId = bob.UserId, role = "admin" })).EnumerateObject().Select(p => p.Name));
        Assert.Equal("admin", Role(await carol.RequestOkAsync("join-room", room), bob.UserId));
        Assert.Equal("owner", Role(await carol.RequestOkAsync("join-room", room), alice.UserId));

        AssertError(await bob.RequestAsync("kick", new { roomId = room, userId = alice.UserId }), "not_allowed");
        AssertError(await bob.RequestAsync("kick", new { roomId = room, userId = TestIds.User() }), "not_found");
        await bob.RequestOkAsync("kick", new { roomId = room, userId = carol.UserId });
        AssertError(await carol.RequestAsync("get-history", new { roomId = room }), "not_in_room");
        AssertError(await carol.RequestAsync("kick", new { roomId = room, userId = bob.UserId }), "not_in_room");
        Assert.DoesNotContain(carol.UserId, Members(await bob.RequestOkAsync("join-room", room)));

        await alice.RequestOkAsync("set-role", new { roomId = room, userId = bob.UserId, role = "member" });
        Assert.Equal("member", Role(await bob.RequestOkAsync("join-room", room), bob.UserId));
        AssertError(await bob.RequestAsync("kick", new { roomId = room, userId = alice.UserId }), "not_allowed");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Owners_and_admins_update_the_rooms_name_and_topic(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var bob = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var carol = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await alice.RequestOkAsync("create-room", new { roomId = room, name = "Old" });
        await bob.RequestOkAsync("join-room", room);

        AssertError(await bob.RequestAsync("update-room", new { roomId = room, name = "Mine" }), "not_allowed");
        AssertError(await carol.RequestAsync("update-room", new { roomId = room, name = "Mine" }), "not_in_room");

        var ack = await alice.RequestOkAsync("update-room", new { roomId = room, name = " Book\u202E club ", topic = "Chapter 3" });
        Assert.Equal(["room", "success"], ack.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((room, "Book club", "Chapter 3"), Room(ack.GetProperty("room")));
        await alice.RequestOkAsync("set-role", new { roomId = room, userId = bob.UserId, role = "admin" });
        Assert.Equal((room, "Book club", ""), Room((await bob.RequestOkAsync("update-room", new { roomId = room, topic = "" })).GetProperty("room")));
        Assert.Equal((room, "Book club", ""), Room((await carol.RequestOkAsync("join-room", room)).GetProperty("room")));
    }

    private static (string Id, string Name, string Topic) Room(JsonElement room) =>
        (room.GetProperty("id").GetString()!, room.GetProperty("name").GetString()!, room.GetProperty("topic").GetString()!);

    private static IEnumerable<string?> Members(JsonElement joinAck) => joinAck.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetString());

    private static string? Role(JsonElement joinAck, string userId) => joinAck.GetProperty("members").EnumerateArray()
        .Single(m => m.GetProperty("userId").GetString() == userId).GetProperty("role").GetString();
}
