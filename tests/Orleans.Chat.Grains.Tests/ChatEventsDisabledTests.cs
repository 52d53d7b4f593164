using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>The standard cluster leaves ChatEvents:Enabled at its default (off): the grains publish nothing.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class ChatEventsDisabledTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task With_the_feed_off_stored_writes_publish_nothing()
    {
        await using var feed = await ChatEventRecorder.SubscribeAsync(_client);
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        await room.Join(new JoinRoomRequest { User = alice });
        await room.Join(new JoinRoomRequest { User = bob });
        await RoomMessages.SendAsync(room, alice, 2);
        Assert.Equal(ChatError.None, (await room.Edit(new EditMessageRequest { User = alice, Seq = 1, Content = "edited" })).Error);
        Assert.Equal(ChatError.None, await room.Leave(bob.Id));
        var conversation = _client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, bob.Id));
        Assert.Equal(ChatError.None, (await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = bob.Id, Content = "hi" })).Error);

        // The same writes publish within a few ms where the feed is on (ChatEventsFeedTests).
        await feed.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(500));
        Assert.Empty(feed.Received);
    }
}
