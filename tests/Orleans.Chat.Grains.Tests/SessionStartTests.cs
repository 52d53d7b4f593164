using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// A new session's one call to its user: the same rooms, summaries and conversations as the separate calls give,
/// the connection counted for presence, and the gateway's observer subscribed.
/// </summary>
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

        var start = await user.OpenSession(Opening(alice, sidebarLimit: 2, pendingLimit: 1));

        Assert.Equal(await user.GetRooms(), start.RoomIds);
        Assert.Equal((await user.GetRoomSummaries(2)).Select(room => room.Room.Id), start.Rooms.Select(room => room.Room.Id));
        Assert.Equal(await user.GetConversations(2, unreadOnly: false), start.Conversations);
        Assert.Equal([ConversationIds.For(alice.Id, dave.Id)], start.UnreadConversations.Select(entry => entry.ConversationId));
        Assert.Equal(2, start.Conversations.Count);

        var strangerRef = TestIds.UserRef();
        var stranger = await _client.GetGrain<IUserGrain>(strangerRef.Id).OpenSession(Opening(strangerRef, 100, 100));
        Assert.Equal((0, 0, 0, 0), (stranger.RoomIds.Count, stranger.Rooms.Count, stranger.Conversations.Count, stranger.UnreadConversations.Count));
    }

    [Fact]
    public async Task Opening_a_session_counts_the_connection_and_routes_the_users_events_to_the_gateways_receiver_in_one_call()
    {
        var gateway = TestIds.Gateway();
        await _client.GetGrain<IGatewayRegistryGrain>(0).Renew(gateway);
        var (carl, erin) = (TestIds.UserRef("carl"), TestIds.UserRef("erin"));
        var user = _client.GetGrain<IUserGrain>(carl.Id);
        await using var events = UserEventRecorder.Create(_client);

        await user.OpenSession(Opening(carl, 10, 10, gateway) with { Receiver = events.Reference });
        await user.OpenSession(Opening(carl, 10, 10, gateway) with { Receiver = events.Reference });

        var presence = await TestPresence.Of(_client, carl.Id).GetPresence();
        Assert.Equal((PresenceStatus.Online, 2), (presence.Status, presence.Connections));
        await SendAsync(erin, carl, "to the opened session");
        var pushed = await events.WaitForAsync(e => e.Kind == UserEventKind.PrivateMessage, "the private message pushed to the receiver the opening named");
        Assert.Equal("to the opened session", pushed.PrivateMessage!.Content);
    }

    private SessionOpening Opening(UserRef user, int sidebarLimit, int pendingLimit, string? gateway = null) => new()
    {
        GatewayId = gateway ?? TestIds.Gateway(), User = user, Receiver = TestPresence.DiscardingReceiver(_client),
        SidebarLimit = sidebarLimit, PendingLimit = pendingLimit,
    };

    private Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content) =>
        _client.GetGrain<IConversationGrain>(ConversationIds.For(from.Id, to.Id))
            .Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content });
}
