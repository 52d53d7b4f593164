using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests;

[Collection(StandardClusterCollection.Name)]
/// <summary>A room pushes its live events to subscribed gateways, one call per gateway.</summary>
public sealed class RoomLiveEventsTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Subscribers_get_messages_in_seq_order_and_membership_and_typing()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        await room.Join(new JoinRoomRequest { User = alice });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);

        await room.Join(new JoinRoomRequest { User = bob });
        for (var i = 1; i <= 5; i++)
        {
            await room.Send(new SendMessageRequest { Sender = i % 2 == 0 ? bob : alice, Content = $"m{i}" });
        }

        await room.SetTyping(bob, typing: true);
        await room.SetTyping(bob, typing: false);
        await room.Leave(bob.Id);

        // Pushes are one-way calls: the first ones to a new subscriber may overtake each other
        // while its address is resolved. Gateways put messages in seq order; other events are live hints.
        var received = await events.WaitUntilAsync(all => all.Count >= 9);
        Assert.All(received, e => Assert.Equal(roomId, e.RoomId));
        Assert.Equal(
            "Message Message Message Message Message StoppedTyping Typing UserJoined UserLeft",
            string.Join(' ', received.Select(e => e.Kind.ToString()).Order()));

        var joined = received.Single(e => e.Kind == RoomEventKind.UserJoined);
        Assert.Equal((bob.Id, bob), (joined.UserId, joined.User));
        var messages = received.Where(e => e.Kind == RoomEventKind.Message).OrderBy(e => e.Seq).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], messages.Select(e => e.Seq));
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], messages.Select(e => e.Message!.Content));
        Assert.Equal(bob, received.Single(e => e.Kind == RoomEventKind.Typing).User);
        Assert.Equal(bob.Id, received.Single(e => e.Kind == RoomEventKind.UserLeft).UserId);
    }

    [Fact]
    public async Task Every_subscribed_gateway_gets_each_event_once_and_an_unsubscribed_one_none()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var alice = TestIds.UserRef("alice");
        await room.Join(new JoinRoomRequest { User = alice });
        await using var first = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        await using var second = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        await using var gone = await RoomEventRecorder.SubscribeAsync(_client, roomId);

        var renewal = await room.Subscribe(first.Reference, ChatClusterFixture.TestGateway);
        await room.Unsubscribe(gone.Reference);
        await RoomMessages.SendAsync(room, alice, 3);

        Assert.True(renewal.WasSubscribed);
        Assert.Equal(0, renewal.LastSeq);
        foreach (var recorder in new[] { first, second })
        {
            // Each once; the first pushes to a new subscriber may overtake each other (gateways order by seq).
            var messages = await recorder.WaitUntilAsync(all => all.Count >= 3);
            Assert.Equal([1L, 2, 3], messages.Select(e => e.Seq).Order());
        }

        await Task.Delay(200);
        Assert.Equal(3, first.Received.Count);
        Assert.Empty(gone.Received);
    }

    [Fact]
    public async Task A_deactivating_room_tells_its_subscribers_and_its_next_activation_does_not_know_them()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var alice = TestIds.UserRef("alice");
        await room.Join(new JoinRoomRequest { User = alice });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        await RoomMessages.SendAsync(room, alice, 2);

        await fixture.Cluster.DeactivateAsync(room);
        await Eventually.TrueAsync(() => Task.FromResult(events.SubscriptionsEnded == 1), what: "the subscription ended");
        var again = await room.Subscribe(events.Reference, ChatClusterFixture.TestGateway);

        Assert.False(again.WasSubscribed);
        Assert.Equal(2, again.LastSeq);
    }
}
