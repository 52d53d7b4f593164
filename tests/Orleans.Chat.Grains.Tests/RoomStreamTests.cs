using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains.Tests;

[Collection(StandardClusterCollection.Name)]
public sealed class RoomStreamTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Room_stream_carries_messages_in_seq_order_and_membership_and_typing()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var (alice, bob) = (TestIds.User("alice"), TestIds.User("bob"));
        await room.Join(new JoinRoomRequest { User = alice });
        await using var events = await StreamRecorder<RoomEvent>.SubscribeAsync(_client, ChatStreams.ProviderName, ChatStreams.Room(roomId));

        await room.Join(new JoinRoomRequest { User = bob });
        for (var i = 1; i <= 5; i++)
        {
            await room.Send(new SendMessageRequest { Sender = i % 2 == 0 ? bob : alice, Content = $"m{i}" });
        }

        await room.SetTyping(bob, typing: true);
        await room.SetTyping(bob, typing: false);
        await room.Leave(bob.Id);

        // Memory streams may still hand a new subscriber an event queued just before it subscribed (alice's join).
        var received = (await events.WaitUntilAsync(all => all.Any(e => e.Kind == RoomEventKind.UserLeft)))
            .SkipWhile(e => e.UserId == alice.Id && e.Kind == RoomEventKind.UserJoined)
            .ToList();
        Assert.All(received, e => Assert.Equal(roomId, e.RoomId));
        Assert.Equal(
            "UserJoined Message Message Message Message Message Typing StoppedTyping UserLeft",
            string.Join(' ', received.Select(e => e.Kind)));

        var joined = received[0];
        Assert.Equal((bob.Id, bob), (joined.UserId, joined.User));
        var messages = received.Where(e => e.Kind == RoomEventKind.Message).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], messages.Select(e => e.Seq));
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], messages.Select(e => e.Message!.Content));
        Assert.Equal(bob, received.Single(e => e.Kind == RoomEventKind.Typing).User);
        Assert.Equal(bob.Id, received[^1].UserId);
    }
}
