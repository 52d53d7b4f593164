using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Edits and deletes in rooms and conversations: acks, events on every member, refusals.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class MessageChangeTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Room_edits_and_deletes_reach_every_member_once_and_refusals_change_nothing()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        await alice.CreateRoomAsync(roomId, "Room");
        await bob.JoinRoomAsync(roomId);
        var edits = new EventLog<MessageEditedEvent>();
        var deletes = new EventLog<MessageDeletedEvent>();
        var ownEdits = new EventLog<MessageEditedEvent>();
        bob.MessageEdited += edits.Handler;
        bob.MessageDeleted += deletes.Handler;
        alice.MessageEdited += ownEdits.Handler;
        var first = await alice.SendMessageAsync(roomId, "helo");
        var second = await alice.SendMessageAsync(roomId, "oops");
        var room = ChatScope.Room(roomId);

        var edited = await alice.EditMessageAsync(room, first.Seq, "hello");
        Assert.Equal(1, edited.ChangeSeq);
        Assert.True(edited.EditedAt > 0);
        await AssertCodeAsync(ChatErrorCodes.NotAllowed, () => bob.EditMessageAsync(room, first.Seq, "mine now"));
        await AssertCodeAsync(ChatErrorCodes.NotAllowed, () => bob.DeleteMessageAsync(room, first.Seq));
        await AssertCodeAsync(ChatErrorCodes.NotFound, () => alice.EditMessageAsync(room, 99, "x"));
        await AssertCodeAsync(ChatErrorCodes.InvalidFormat, () => alice.EditMessageAsync(room, first.Seq, ""));
        Assert.Equal(2, (await alice.DeleteMessageAsync(room, second.Seq)).ChangeSeq);
        Assert.Equal(2, (await alice.DeleteMessageAsync(room, second.Seq)).ChangeSeq); // a tombstone again: no new change
        await AssertCodeAsync(ChatErrorCodes.NotFound, () => alice.EditMessageAsync(room, second.Seq, "back"));

        Assert.Equal(
            new MessageEditedEvent { RoomId = roomId, Seq = first.Seq, Id = first.MessageId, Content = "hello", EditedAt = edited.EditedAt, EditedBy = UserIdOf(alice), ChangeSeq = 1 },
            await edits.WaitForAsync(_ => true, "message-edited at bob"));
        await ownEdits.WaitForAsync(_ => true, "message-edited at the editor");
        Assert.Equal(
            new MessageDeletedEvent { RoomId = roomId, Seq = second.Seq, Id = second.MessageId, DeletedBy = UserIdOf(alice), ChangeSeq = 2 },
            await deletes.WaitForAsync(_ => true, "message-deleted at bob"));
        await edits.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));
        await deletes.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, bob.GetLastChangeSeq(roomId));

        var history = await bob.GetHistoryAsync(roomId);
        Assert.Equal([(1L, "hello", true, false, (long?)1), (2L, "", false, true, 2)], history.Messages.Select(m => (m.Seq, m.Content, m.Edited, m.Deleted, m.ChangeSeq)));
        Assert.Equal(edited.EditedAt, history.Messages[0].EditedAt);
        var changes = await bob.GetChangesAsync(roomId, sinceChangeSeq: 1);
        Assert.Equal([2L], changes.Messages.Select(m => m.Seq));
        Assert.Equal(2, changes.LastChangeSeq);
        Assert.False(changes.HasMore);
    }

    [Fact]
    public async Task The_owner_may_delete_a_members_message()
    {
        var roomId = TestIds.Room();
        var owner = await ConnectedAsync();
        var member = await ConnectedAsync();
        await owner.CreateRoomAsync(roomId);
        await member.JoinRoomAsync(roomId);
        var deletes = new EventLog<MessageDeletedEvent>();
        member.MessageDeleted += deletes.Handler;
        var sent = await member.SendMessageAsync(roomId, "spam");

        await owner.DeleteMessageAsync(ChatScope.Room(roomId), sent.Seq);

        Assert.Equal(UserIdOf(owner), (await deletes.WaitForAsync(_ => true, "message-deleted")).DeletedBy);
    }

    [Fact]
    public async Task Conversation_edits_and_deletes_reach_both_users()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var bobEdits = new EventLog<MessageEditedEvent>();
        var aliceDeletes = new EventLog<MessageDeletedEvent>();
        bob.MessageEdited += bobEdits.Handler;
        alice.MessageDeleted += aliceDeletes.Handler;
        var sent = await alice.SendPrivateMessageAsync(UserIdOf(bob), "typo");

        await AssertCodeAsync(ChatErrorCodes.NotAllowed, () => bob.EditMessageAsync(ChatScope.Conversation(UserIdOf(alice)), sent.Seq, "not mine"));
        var edited = await alice.EditMessageAsync(ChatScope.Conversation(UserIdOf(bob)), sent.Seq, "fixed");
        var deleted = await alice.DeleteMessageAsync(ChatScope.Conversation(UserIdOf(bob)), sent.Seq);

        Assert.Equal((1L, 2L), (edited.ChangeSeq, deleted.ChangeSeq));
        var edit = await bobEdits.WaitForAsync(_ => true, "message-edited at bob");
        Assert.Equal((sent.ConversationId, sent.Seq, "fixed", (string?)null), (edit.ConversationId, edit.Seq, edit.Content, edit.RoomId));
        Assert.Equal(sent.ConversationId, (await aliceDeletes.WaitForAsync(_ => true, "message-deleted at alice")).ConversationId);
        await Eventually.ProbeAsync(() => Task.FromResult(bob.GetLastConversationChangeSeq(sent.ConversationId)), seq => seq == 2, "bob's change seq");
        var changes = await bob.GetConversationChangesAsync(UserIdOf(alice));
        Assert.Equal([(sent.Seq, true, "")], changes.Messages.Select(m => (m.Seq, m.Deleted, m.Content)));
        Assert.Equal(2, (await bob.GetPrivateHistoryAsync(UserIdOf(alice))).LastChangeSeq);
    }

    internal static async Task<ChatException> AssertCodeAsync(string code, Func<Task> request)
    {
        var error = await Assert.ThrowsAsync<ChatException>(request);
        Assert.Equal(code, error.Code);
        return error;
    }
}
