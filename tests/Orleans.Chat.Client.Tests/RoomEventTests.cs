using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

[Collection(ClientGatewayCollection.Name)]
public sealed class RoomEventTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Two_clients_join_a_room_and_exchange_messages_in_seq_order()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var aliceSeen = new EventLog<ChatMessage>();
        var bobSeen = new EventLog<ChatMessage>();
        var joinedAtAlice = new EventLog<UserJoinedEvent>();
        alice.NewMessage += aliceSeen.Handler;
        bob.NewMessage += bobSeen.Handler;
        alice.UserJoined += joinedAtAlice.Handler;

        var aliceJoin = await alice.JoinRoomAsync(roomId);
        Assert.Equal(roomId, aliceJoin.Room.Id);
        Assert.Equal(RoomVisibility.Public, aliceJoin.Room.Visibility);
        Assert.Equal(0, aliceJoin.LastSeq);
        Assert.Empty(aliceJoin.RecentMessages);

        var bobJoin = await bob.JoinRoomAsync(roomId);
        Assert.Equal(new[] { UserIdOf(alice), UserIdOf(bob) }.Order(), bobJoin.Members.Select(m => m.UserId).Order());
        Assert.All(bobJoin.Members, m => Assert.Equal(PresenceStatus.Online, m.Status));
        var joined = await joinedAtAlice.WaitForAsync(e => e.RoomId == roomId, "user-joined at alice");
        Assert.Equal(UserIdOf(bob), joined.UserId);
        Assert.Equal(UserIdOf(bob), joined.User.Id);

        var ack = await alice.SendMessageAsync(roomId, "hello bob");
        Assert.Equal(1, ack.Seq);
        Assert.False(string.IsNullOrEmpty(ack.MessageId));
        Assert.True(ack.Timestamp > 0);
        await bob.SendMessageAsync(roomId, "hi alice", type: "text", clientMsgId: "bob-1");

        foreach (var seen in new[] { aliceSeen, bobSeen })
        {
            var messages = await seen.WaitUntilAsync(m => m.Count == 2, "both messages");
            Assert.Equal([(1L, "hello bob"), (2L, "hi alice")], messages.Select(m => (m.Seq, m.Content)));
        }

        var first = bobSeen.Received[0];
        Assert.Equal(ack.MessageId, first.Id);
        Assert.Equal(UserIdOf(alice), first.UserId);
        Assert.Equal("text", first.Type);
        Assert.Equal(2, bob.GetLastSeq(roomId));
    }

    [Fact]
    public async Task Typing_presence_and_leaving_reach_the_other_members()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var typing = new EventLog<UserTypingEvent>();
        var stopped = new EventLog<UserStoppedTypingEvent>();
        var presence = new EventLog<PresenceUpdateEvent>();
        var left = new EventLog<UserLeftEvent>();
        bob.UserTyping += typing.Handler;
        bob.UserStoppedTyping += stopped.Handler;
        bob.PresenceUpdate += presence.Handler;
        bob.UserLeft += left.Handler;
        await alice.JoinRoomAsync(roomId);
        await bob.JoinRoomAsync(roomId);

        await alice.TypingAsync(roomId);
        var typist = await typing.WaitForAsync(e => e.RoomId == roomId, "user-typing");
        Assert.Equal(UserIdOf(alice), typist.UserId);
        Assert.Equal(UserIdOf(alice), typist.User.Id);
        await alice.StopTypingAsync(roomId);
        Assert.Equal(UserIdOf(alice), (await stopped.WaitForAsync(e => e.RoomId == roomId, "user-stopped-typing")).UserId);

        await alice.UpdateStatusAsync(PresenceStatus.Away);
        var away = await presence.WaitForAsync(e => e.UserId == UserIdOf(alice) && e.Status == PresenceStatus.Away, "presence-update away");
        Assert.True(away.Timestamp > 0);

        await alice.LeaveRoomAsync(roomId);
        Assert.Equal(UserIdOf(alice), (await left.WaitForAsync(e => e.RoomId == roomId, "user-left")).UserId);
        Assert.Null(alice.GetLastSeq(roomId));
        await Assert.ThrowsAsync<ChatException>(() => alice.SendMessageAsync(roomId, "gone"));
    }
}
