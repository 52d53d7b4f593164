using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Unread counts: live messages, marks read on this and on other devices, reconnects and the connect sidebar.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class UnreadTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task A_read_on_one_device_clears_the_unread_count_on_the_other()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        await alice.JoinRoomAsync(roomId);
        var bobId = TestIds.User("bob");
        var phone = await ConnectedAsync(bobId);
        var laptop = await ConnectedAsync(bobId);
        await phone.JoinRoomAsync(roomId);
        var laptopChanges = new EventLog<UnreadChangedEvent>();
        laptop.UnreadChanged += laptopChanges.Handler;
        var receipts = new EventLog<ReadReceiptEvent>();
        alice.ReadReceipt += receipts.Handler;

        foreach (var text in new[] { "a", "b", "c" })
        {
            await alice.SendMessageAsync(roomId, text);
        }

        await laptopChanges.WaitUntilAsync(c => c.Count == 3, "three unread-changed at the laptop");
        Assert.Equal([1L, 2L, 3L], laptopChanges.Received.Select(c => c.Unread));
        await Eventually.ProbeAsync(() => Task.FromResult(phone.UnreadCount(roomId)), n => n == 3, "three unread at the phone");
        Assert.Equal(0, alice.UnreadCount(roomId));

        await phone.MarkReadAsync(ChatScope.Room(roomId), 2);
        Assert.Equal(1, phone.UnreadCount(roomId));
        await laptopChanges.WaitForAsync(c => c.Unread == 1, "the laptop following the phone");
        Assert.Equal(new ReadReceiptEvent { RoomId = roomId, UserId = bobId, Seq = 2 }, await receipts.WaitForAsync(_ => true, "alice's read-receipt"));

        await laptop.MarkReadAsync(ChatScope.Room(roomId)); // the last seq the laptop was given
        Assert.Equal(0, laptop.UnreadCount(roomId));
        await Eventually.ProbeAsync(() => Task.FromResult(phone.UnreadCount(roomId)), n => n == 0, "the phone following the laptop");
        var summary = (await phone.GetRoomsAsync()).Rooms.Single(r => r.Room.Id == roomId);
        Assert.Equal((3L, 0L, 3L, RoomRoles.Member, "c"), (summary.ReadSeq, summary.Unread, summary.LastSeq, summary.Role, summary.LastMessage?.Content));
    }

    [Fact]
    public async Task Unread_counts_survive_a_reconnect_without_double_counting_and_come_with_the_sidebar()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        await alice.JoinRoomAsync(roomId);
        var bobId = TestIds.User("bob");
        var bob = await ConnectedAsync(bobId);
        await bob.JoinRoomAsync(roomId);
        var recoveries = new EventLog<RecoveredEvent>();
        bob.Recovered += recoveries.Handler;
        await alice.SendMessageAsync(roomId, "one");
        await Eventually.ProbeAsync(() => Task.FromResult(bob.UnreadCount(roomId)), n => n == 1, "one unread");

        bob.AbortTransportForTesting();
        await alice.SendMessageAsync(roomId, "two");
        await alice.SendMessageAsync(roomId, "three");
        var dm = await alice.SendPrivateMessageAsync(bobId, "psst");
        await recoveries.WaitUntilAsync(r => r.Count == 1, "recovered");
        await Task.Delay(200);
        Assert.Equal(3, bob.UnreadCount(roomId));
        Assert.Equal(1, bob.ConversationUnreadCount(dm.ConversationId));

        var fresh = NewClient(bobId);
        var session = await fresh.ConnectAsync();
        Assert.Equal(3, session.Sidebar!.Rooms.Single(r => r.Room.Id == roomId).Unread);
        Assert.Equal(1, session.Sidebar.Conversations.Single(c => c.ConversationId == dm.ConversationId).Unread);
        Assert.Equal(3, fresh.UnreadCount(roomId));
        Assert.Equal(1, fresh.ConversationUnreadCount(dm.ConversationId));

        await fresh.MarkReadAsync(ChatScope.Conversation(UserIdOf(alice)), dm.Seq);
        Assert.Equal(0, fresh.ConversationUnreadCount(dm.ConversationId));
        await Eventually.ProbeAsync(() => Task.FromResult(bob.ConversationUnreadCount(dm.ConversationId)), n => n == 0, "the other device clearing the conversation");
        Assert.Equal(0, (await bob.GetConversationsAsync()).Conversations.Single(c => c.ConversationId == dm.ConversationId).Unread);
    }
}
