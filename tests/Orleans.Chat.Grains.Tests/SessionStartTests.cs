using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>A new session's one read of its user: the same rooms, summaries and conversations as the separate calls give.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class SessionStartTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Session_start_answers_like_get_rooms_get_room_summaries_and_get_conversations_within_its_limits()
    {
        var (alice, bob, carol, dave) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("carol"), TestIds.UserRef("dave"));
        var (first, second) = (TestIds.Room(), TestIds.Room());
        foreach (var roomId in new[] { first, second })
        {
            await _client.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest { User = alice });
        }

        await RoomMessages.SendAsync(_client.GetGrain<IRoomGrain>(second), alice, 1);
        await SendAsync(bob, alice, "unread from bob");
        await Task.Delay(5);
        await SendAsync(alice, carol, "alice wrote to carol");
        await Task.Delay(5);
        await SendAsync(dave, alice, "unread from dave");
        var user = _client.GetGrain<IUserGrain>(alice.Id);

        var start = await user.GetSessionStart(sidebarLimit: 2, pendingLimit: 1);

        Assert.Equal(await user.GetRooms(), start.RoomIds);
        Assert.Equal((await user.GetRoomSummaries(2)).Select(room => room.Room.Id), start.Rooms.Select(room => room.Room.Id));
        Assert.Equal(await user.GetConversations(2, unreadOnly: false), start.Conversations);
        Assert.Equal([ConversationIds.For(alice.Id, dave.Id)], start.UnreadConversations.Select(entry => entry.ConversationId));
        Assert.Equal(2, start.Conversations.Count);

        var stranger = await _client.GetGrain<IUserGrain>(TestIds.User()).GetSessionStart(100, 100);
        Assert.Equal((0, 0, 0, 0), (stranger.RoomIds.Count, stranger.Rooms.Count, stranger.Conversations.Count, stranger.UnreadConversations.Count));
    }

    private Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content) =>
        _client.GetGrain<IConversationGrain>(ConversationIds.For(from.Id, to.Id))
            .Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content });
}
