using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using Orleans.Chat.Events;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>One user on several connections: membership and deliveries are per user, subscriptions per connection.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MultiConnectionTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task A_room_joined_event_that_arrives_after_the_leave_does_not_subscribe_the_user_again()
    {
        // Pushes to a new remote subscription may overtake each other: replay join/leave in reverse.
        var aliceId = TestIds.User();
        await using var alice = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("leave-room", room);

        await ReplayToUserTopicAsync(
            aliceId,
            new UserEvent { Kind = UserEventKind.RoomLeft, UserId = aliceId, RoomId = room },
            new UserEvent { Kind = UserEventKind.RoomJoined, UserId = aliceId, RoomId = room });
        await bob.RequestOkAsync("message", new { roomId = room, content = "not for alice" });

        await alice.AssertNoEventAsync("new-message", Quiet);
    }

    [Fact]
    public async Task A_room_left_event_that_arrives_after_the_user_joined_again_does_not_take_the_user_out()
    {
        // A leave pushed to this gateway's receiver before a reconnect can reach the new session after it
        // joined the room again: the stale leave must not unsubscribe it.
        var aliceId = TestIds.User();
        await using var alice = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("join-room", room);

        await ReplayToUserTopicAsync(
            aliceId,
            new UserEvent { Kind = UserEventKind.RoomLeft, UserId = aliceId, RoomId = room },
            new UserEvent { Kind = UserEventKind.RoomLeft, UserId = aliceId, RoomId = room, ByUserId = bob.UserId });
        await bob.RequestOkAsync("message", new { roomId = room, content = "still for alice" });

        await alice.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "still for alice");
        await alice.AssertNoEventAsync("member-removed", Quiet);
    }

    [Fact]
    public async Task Room_joined_on_one_connection_delivers_to_the_users_other_connection_too()
    {
        var aliceId = TestIds.User();
        await using var alice1 = await Server.ConnectAsync(aliceId);
        await using var alice2 = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);

        await alice1.RequestOkAsync("join-room", room);

        // The other connection is subscribed through the user stream, in the background.
        await WaitUntilSubscribedAsync(alice2, bob, room);
        var ack = await bob.RequestAsync("message", new { roomId = room, content = "to both of you" });
        foreach (var alice in new[] { alice1, alice2 })
        {
            var message = await alice.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "to both of you");
            Assert.Equal(ack.GetProperty("seq").GetInt64(), message.GetProperty("seq").GetInt64());
        }

        // And it may use the room: membership is the user's.
        await alice2.RequestOkAsync("message", new { roomId = room, content = "from the other tab" });
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "from the other tab");
        await alice1.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "from the other tab");
    }

    [Fact]
    public async Task Room_left_on_one_connection_stops_delivery_to_the_other_connection()
    {
        var aliceId = TestIds.User();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);
        await using var alice1 = await Server.ConnectAsync(aliceId);
        await alice1.RequestOkAsync("join-room", room);
        await using var alice2 = await Server.ConnectAsync(aliceId);
        Assert.Contains(room, alice2.Received("connected").Single().GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        await WaitUntilSubscribedAsync(alice2, bob, room);

        await alice1.RequestOkAsync("leave-room", room);
        await bob.WaitForEventAsync("user-left", IsAbout(aliceId));

        // The other connection is unsubscribed through the user stream, in the background: a
        // message sent once that happened must not reach it.
        await Eventually.ProbeAsync(
            async () =>
            {
                var content = "probe " + Guid.NewGuid().ToString("N");
                await bob.RequestOkAsync("message", new { roomId = room, content });
                await bob.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == content);
                await Task.Delay(100);
                return alice2.Received("new-message").Any(d => d.GetProperty("content").GetString() == content);
            },
            delivered => !delivered,
            "the other connection stops receiving the room");
        await bob.RequestOkAsync("message", new { roomId = room, content = "after leaving" });
        await alice2.AssertNoEventAsync("new-message", Quiet, d => d.GetProperty("content").GetString() == "after leaving");
        await alice1.AssertNoEventAsync("new-message", TimeSpan.Zero, d => d.GetProperty("content").GetString() == "after leaving");
    }

    [Fact]
    public async Task New_connection_is_subscribed_to_the_users_rooms_from_connect()
    {
        var aliceId = TestIds.User();
        await using var bob = await Server.ConnectAsync();
        var (room1, room2) = (TestIds.Room(), TestIds.Room());
        await bob.RequestOkAsync("join-room", room1);
        await bob.RequestOkAsync("join-room", room2);
        await using (var alice1 = await Server.ConnectAsync(aliceId))
        {
            await alice1.RequestOkAsync("join-room", room1);
            await alice1.RequestOkAsync("join-room", room2);
        }

        await using var alice2 = await Server.ConnectAsync(aliceId);

        var rooms = alice2.Received("connected").Single().GetProperty("rooms").EnumerateArray().Select(r => r.GetString()!);
        Assert.Equal(new[] { room1, room2 }.Order(StringComparer.Ordinal), rooms.Order(StringComparer.Ordinal));
        // No join-room on this connection: it receives both rooms' messages anyway.
        await alice2.RequestOkAsync("ping", null);
        await bob.RequestOkAsync("message", new { roomId = room1, content = "in room 1" });
        await bob.RequestOkAsync("message", new { roomId = room2, content = "in room 2" });
        await alice2.WaitForEventAsync("new-message", d => d.GetProperty("roomId").GetString() == room1 && d.GetProperty("content").GetString() == "in room 1");
        await alice2.WaitForEventAsync("new-message", d => d.GetProperty("roomId").GetString() == room2 && d.GetProperty("content").GetString() == "in room 2");
    }

    [Fact]
    public async Task Closing_one_connection_leaves_the_others_working()
    {
        var aliceId = TestIds.User();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);
        await using var alice1 = await Server.ConnectAsync(aliceId);
        await alice1.RequestOkAsync("join-room", room);
        await using var alice2 = await Server.ConnectAsync(aliceId);
        await WaitUntilSubscribedAsync(alice2, bob, room);

        await alice1.DisposeAsync();

        var sent = await bob.RequestOkAsync("message", new { roomId = room, content = "still there?" });
        var message = await alice2.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "still there?");
        Assert.Equal(sent.GetProperty("messageId").GetString(), message.GetProperty("id").GetString());
        Assert.Equal(bob.UserId, message.GetProperty("userId").GetString());

        var dm = await bob.RequestOkAsync("private-message", new { targetUserId = aliceId, content = "dm" });
        var privateMessage = await alice2.WaitForEventAsync("private-message", d => d.GetProperty("content").GetString() == "dm");
        Assert.Equal(dm.GetProperty("messageId").GetString(), privateMessage.GetProperty("id").GetString());
        Assert.Equal(WebSocketState.Open, alice2.State);
    }

    /// <summary>Hands events to the user's topic on this gateway as late pushes from the user grain would arrive.</summary>
    private async Task ReplayToUserTopicAsync(string userId, params UserEvent[] events)
    {
        var topic = Server.Services.GetRequiredService<UserFanout>().Find(userId);
        Assert.NotNull(topic);
        foreach (var userEvent in events)
        {
            await topic.OnUserEvent(userEvent);
        }
    }
}
