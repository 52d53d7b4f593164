using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains.Tests;

[Collection(StandardClusterCollection.Name)]
public sealed class PrivateMessageTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Message_to_an_offline_user_is_queued_and_handed_to_one_connection_once()
    {
        var (sender, recipient) = (TestIds.User("sender"), TestIds.User("recipient"));
        var inbox = _client.GetGrain<IUserGrain>(recipient.Id);

        var sent = new List<SendPrivateMessageResult>();
        foreach (var text in new[] { "one", "two", "three" })
        {
            sent.Add(await inbox.ReceivePrivateMessage(new SendPrivateMessageRequest { Sender = sender, Content = text }));
        }

        Assert.All(sent, result => Assert.False(result.Delivered));

        var claims = await Task.WhenAll(inbox.ClaimPending("connection-a"), inbox.ClaimPending("connection-b"));
        var winner = Assert.Single(claims, claim => claim.Messages.Count > 0);
        var (winnerId, loserId) = ReferenceEquals(winner, claims[0]) ? ("connection-a", "connection-b") : ("connection-b", "connection-a");
        Assert.Equal(["one", "two", "three"], winner.Messages.Select(message => message.Content));
        Assert.Equal(sent.Select(result => result.MessageId), winner.Messages.Select(message => message.Id));
        Assert.All(winner.Messages, message => Assert.Equal((sender.Id, recipient.Id), (message.FromUserId, message.ToUserId)));

        // The other connection's confirm does not remove the claimed messages; the holder's does.
        await inbox.ConfirmPending(loserId, winner.UpToQueueSeq);
        Assert.Equal(3, (await inbox.ClaimPending(winnerId)).Messages.Count);
        await inbox.ConfirmPending(winnerId, winner.UpToQueueSeq);

        var afterConfirm = await inbox.ClaimPending("connection-c");
        Assert.Empty(afterConfirm.Messages);
        Assert.Equal(0, afterConfirm.UpToQueueSeq);
    }

    [Fact]
    public async Task Queue_survives_deactivation_of_the_user_grain()
    {
        var (sender, recipient) = (TestIds.User("sender"), TestIds.User("recipient"));
        var inbox = _client.GetGrain<IUserGrain>(recipient.Id);
        await inbox.ReceivePrivateMessage(new SendPrivateMessageRequest { Sender = sender, Content = "kept", ClientMsgId = "k1" });

        await fixture.Cluster.DeactivateAsync(inbox);

        var duplicate = await inbox.ReceivePrivateMessage(new SendPrivateMessageRequest { Sender = sender, Content = "kept", ClientMsgId = "k1" });
        var claim = await inbox.ClaimPending("connection");
        Assert.True(duplicate.Duplicate);
        Assert.Equal(["kept"], claim.Messages.Select(message => message.Content));
    }

    [Fact]
    public async Task Repeated_client_msg_id_is_queued_once()
    {
        var (sender, recipient) = (TestIds.User("sender"), TestIds.User("recipient"));
        var inbox = _client.GetGrain<IUserGrain>(recipient.Id);
        var request = new SendPrivateMessageRequest { Sender = sender, Content = "hi", ClientMsgId = "pm-1" };

        var first = await inbox.ReceivePrivateMessage(request);
        var again = await inbox.ReceivePrivateMessage(request);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Single((await inbox.ClaimPending("connection")).Messages);
    }

    [Fact]
    public async Task Message_to_an_online_user_is_pushed_to_their_gateways()
    {
        var (sender, recipient) = (TestIds.User("sender"), TestIds.User("recipient"));
        var gateway = TestIds.Gateway();
        await using var events = await UserEventRecorder.SubscribeAsync(_client, recipient.Id);
        var presence = _client.GetGrain<IPresenceGrain>(recipient.Id);
        await presence.Connect(gateway, recipient);

        var result = await _client.GetGrain<IUserGrain>(recipient.Id)
            .ReceivePrivateMessage(new SendPrivateMessageRequest { Sender = sender, Content = "live", ClientMsgId = "live-1" });

        Assert.True(result.Delivered);
        var received = await events.WaitUntilAsync(all => all.Any(e => e.Kind == UserEventKind.PrivateMessage));
        var message = received.Single(e => e.Kind == UserEventKind.PrivateMessage).PrivateMessage!;
        Assert.Equal((result.MessageId, "live", sender), (message.Id, message.Content, message.FromUser));
        Assert.Empty((await _client.GetGrain<IUserGrain>(recipient.Id).ClaimPending("connection")).Messages);

        await presence.Disconnect(gateway);
    }

    [Fact]
    public async Task Joining_and_leaving_rooms_is_pushed_to_the_user_gateways()
    {
        var user = TestIds.User();
        var roomId = TestIds.Room();
        await using var events = await UserEventRecorder.SubscribeAsync(_client, user.Id);

        await _client.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest { User = user });
        await _client.GetGrain<IRoomGrain>(roomId).Leave(user.Id);

        var received = await events.WaitUntilAsync(all => all.Count >= 2);
        Assert.Equal([(UserEventKind.RoomJoined, roomId), (UserEventKind.RoomLeft, roomId)], received.Select(e => (e.Kind, e.RoomId!)));
    }

    [Fact]
    public async Task Message_to_an_online_user_no_gateway_subscribed_to_is_queued()
    {
        // E.g. the user grain was re-activated after a silo loss and the gateways have not renewed yet.
        var (sender, recipient) = (TestIds.User("sender"), TestIds.User("recipient"));
        var gateway = TestIds.Gateway();
        var presence = _client.GetGrain<IPresenceGrain>(recipient.Id);
        await presence.Connect(gateway, recipient);
        var inbox = _client.GetGrain<IUserGrain>(recipient.Id);

        var result = await inbox.ReceivePrivateMessage(new SendPrivateMessageRequest { Sender = sender, Content = "held", ClientMsgId = "held-1" });
        await using var events = await UserEventRecorder.SubscribeAsync(_client, recipient.Id);
        var renewed = await inbox.Subscribe(events.Reference);

        Assert.False(result.Delivered);
        Assert.True(renewed);
        Assert.Equal("held", Assert.Single((await inbox.ClaimPending("connection")).Messages).Content);
        await presence.Disconnect(gateway);
    }
}
