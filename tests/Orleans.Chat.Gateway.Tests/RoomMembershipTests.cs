using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class RoomMembershipTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Join_creates_a_public_room_on_first_join_and_accepts_both_payload_forms()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        await using var bob = await Server.ConnectAsync(name: "Bob");
        var room = TestIds.Room();

        var first = await alice.RequestAsync("join-room", room);
        var second = await bob.RequestAsync("join-room", new { roomId = room });

        Assert.True(first.GetProperty("success").GetBoolean());
        var info = first.GetProperty("room");
        Assert.Equal(room, info.GetProperty("id").GetString());
        Assert.Equal("public", info.GetProperty("visibility").GetString());
        Assert.True(info.TryGetProperty("name", out _));
        Assert.True(info.TryGetProperty("ownerId", out _));
        Assert.Equal(0, first.GetProperty("lastSeq").GetInt64());
        Assert.Empty(first.GetProperty("recentMessages").EnumerateArray());
        Assert.False(first.TryGetProperty("recovered", out _));

        Assert.True(second.GetProperty("success").GetBoolean());
        Assert.Equal(room, second.GetProperty("room").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Join_ack_lists_members_with_status_and_recent_messages_in_seq_order()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        await using var bob = await Server.ConnectAsync(name: "Bob");
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("update-status", "busy");
        for (var i = 1; i <= 3; i++)
        {
            await alice.RequestOkAsync("message", new { roomId = room, content = $"before {i}" });
        }

        var join = await bob.RequestAsync("join-room", room);

        Assert.Equal(3, join.GetProperty("lastSeq").GetInt64());
        var recent = join.GetProperty("recentMessages").EnumerateArray().ToList();
        Assert.Equal([1L, 2, 3], recent.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(["before 1", "before 2", "before 3"], recent.Select(m => m.GetProperty("content").GetString()));

        var members = join.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("userId").GetString()!);
        Assert.Equal(2, members.Count);
        Assert.Equal("Alice", members[alice.UserId].GetProperty("name").GetString());
        Assert.Equal("busy", members[alice.UserId].GetProperty("status").GetString());
        Assert.Equal("Bob", members[bob.UserId].GetProperty("name").GetString());
        Assert.Equal("online", members[bob.UserId].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Members_who_are_not_connected_are_listed_offline()
    {
        var room = TestIds.Room();
        var carolId = TestIds.User();
        await using (var carol = await Server.ConnectAsync(carolId))
        {
            await carol.RequestOkAsync("join-room", room);
        }

        await using var bob = await Server.ConnectAsync();
        var join = await bob.RequestAsync("join-room", room);

        var carolMember = join.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetString() == carolId);
        Assert.Equal("offline", carolMember.GetProperty("status").GetString());
    }

    [Fact]
    public async Task User_joined_goes_to_the_other_members_and_not_to_the_joiners_own_connections()
    {
        var aliceId = TestIds.User();
        await using var alice1 = await Server.ConnectAsync(aliceId, "Alice");
        await using var alice2 = await Server.ConnectAsync(aliceId, "Alice");
        await using var bob = await Server.ConnectAsync(name: "Bob");
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);

        await alice1.RequestOkAsync("join-room", room);

        var joined = await bob.WaitForEventAsync("user-joined", IsAbout(aliceId));
        Assert.Equal(room, joined.GetProperty("roomId").GetString());
        Assert.Equal(aliceId, joined.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("Alice", joined.GetProperty("user").GetProperty("name").GetString());

        // Room events reach every subscriber in order: after this message, Alice's own user-joined would have too.
        await WaitUntilSubscribedAsync(alice2, bob, room);
        await bob.RequestOkAsync("message", new { roomId = room, content = "welcome" });
        await alice1.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "welcome");
        await alice2.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "welcome");
        Assert.DoesNotContain(alice1.Received("user-joined"), d => IsAbout(aliceId)(d));
        Assert.DoesNotContain(alice2.Received("user-joined"), d => IsAbout(aliceId)(d));
        Assert.Single(bob.Received("user-joined"), d => IsAbout(aliceId)(d));
    }

    [Fact]
    public async Task Joining_again_does_not_announce_the_member_twice()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("join-room", room);
        await bob.WaitForEventAsync("user-joined", IsAbout(alice.UserId));

        var again = await alice.RequestAsync("join-room", new { roomId = room });

        Assert.True(again.GetProperty("success").GetBoolean());
        await alice.RequestOkAsync("message", new { roomId = room, content = "marker" });
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "marker");
        Assert.Single(bob.Received("user-joined"), d => IsAbout(alice.UserId)(d));
    }

    [Fact]
    public async Task Leave_room_tells_the_remaining_members_and_stops_delivery_to_the_leaver()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        await using var carol = await Server.ConnectAsync();
        var room = TestIds.Room();
        foreach (var client in new[] { alice, bob, carol })
        {
            await client.RequestOkAsync("join-room", room);
        }

        var leave = await carol.RequestAsync("leave-room", new { roomId = room });

        Assert.True(leave.GetProperty("success").GetBoolean());
        foreach (var remaining in new[] { alice, bob })
        {
            var left = await remaining.WaitForEventAsync("user-left", d => d.GetProperty("userId").GetString() == carol.UserId);
            Assert.Equal(room, left.GetProperty("roomId").GetString());
        }

        await alice.RequestOkAsync("message", new { roomId = room, content = "after carol left" });
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "after carol left");
        await carol.AssertNoEventAsync("new-message", Quiet);
        Assert.Empty(carol.Received("user-left"));
    }

    [Fact]
    public async Task Leave_room_accepts_the_plain_string_form()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);

        Assert.True((await bob.RequestAsync("leave-room", room)).GetProperty("success").GetBoolean());

        await alice.WaitForEventAsync("user-left", d => d.GetProperty("userId").GetString() == bob.UserId);
    }

    [Fact]
    public async Task After_leaving_message_typing_and_history_are_not_in_room()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("leave-room", room);

        AssertError(await alice.RequestAsync("message", new { roomId = room, content = "hello?" }), "not_in_room", "Not in room");
        AssertError(await alice.RequestAsync("typing", new { roomId = room }), "not_in_room", "Not in room");
        AssertError(await alice.RequestAsync("get-history", new { roomId = room }), "not_in_room", "Not in room");
        AssertError(await alice.RequestAsync("leave-room", room), "not_in_room", "Not in room");
    }

    [Fact]
    public async Task Not_in_room_without_a_request_id_comes_as_an_error_event()
    {
        await using var alice = await Server.ConnectAsync();

        await alice.EmitAsync("message", new { roomId = TestIds.Room(), content = "nobody home" });

        var error = await alice.WaitForEventAsync("error");
        Assert.Equal("not_in_room", error.GetProperty("code").GetString());
        Assert.Equal("Not in room", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Message_to_a_room_never_joined_is_not_in_room_and_not_stored()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);

        AssertError(await alice.RequestAsync("message", new { roomId = room, content = "intruder" }), "not_in_room", "Not in room");

        var ack = await bob.RequestAsync("message", new { roomId = room, content = "first real" });
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
    }
}
