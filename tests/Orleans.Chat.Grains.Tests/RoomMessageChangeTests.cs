using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Edits and deletes of room messages: who may, what history shows, change seqs and their recovery.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RoomMessageChangeTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task The_author_edits_a_message_which_history_shows_edited_and_the_room_publishes()
    {
        var (room, roomId, owner, member) = await OwnedRoomAsync();
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        var sent = await room.Send(new SendMessageRequest { Sender = member, Content = "helo" });

        var edit = await room.Edit(new EditMessageRequest { User = member, Seq = sent.Seq, Content = "hello" });

        Assert.Equal(ChatError.None, edit.Error);
        var change = Assert.IsType<MessageChange>(edit.Change);
        Assert.Equal((MessageChangeKind.Edited, roomId, sent.Seq, sent.MessageId, "hello", member.Id, 1L),
            (change.Kind, change.ScopeId, change.Seq, change.MessageId, change.Content, change.ChangedBy, change.ChangeSeq));
        var stored = (await room.GetHistory(new HistoryRequest { UserId = owner.Id })).Messages.Single();
        Assert.Equal(("hello", true, change.ChangedAt, 1L, sent.MessageId, sent.Timestamp),
            (stored.Content, stored.Edited, stored.EditedAt, stored.ChangeSeq, stored.Id, stored.Timestamp));

        var published = (await events.WaitUntilAsync(all => all.Any(e => e.Kind == RoomEventKind.MessageEdited)))
            .Single(e => e.Kind == RoomEventKind.MessageEdited);
        Assert.Equal((member.Id, sent.Seq, change), (published.UserId, published.Seq, published.Change));
    }

    [Fact]
    public async Task Edits_are_refused_to_others_for_unknown_and_deleted_seqs_and_for_empty_content_and_change_nothing()
    {
        var (room, _, owner, member) = await OwnedRoomAsync();
        var stranger = TestIds.UserRef("stranger");
        var sent = await room.Send(new SendMessageRequest { Sender = member, Content = "mine" });
        var doomed = await room.Send(new SendMessageRequest { Sender = member, Content = "doomed" });
        Assert.Equal(ChatError.None, (await room.Delete(new DeleteMessageRequest { User = member, Seq = doomed.Seq })).Error);

        Assert.Equal(ChatError.NotAllowed, (await room.Edit(new EditMessageRequest { User = owner, Seq = sent.Seq, Content = "owner's" })).Error);
        Assert.Equal(ChatError.NotInRoom, (await room.Edit(new EditMessageRequest { User = stranger, Seq = sent.Seq, Content = "x" })).Error);
        Assert.Equal(ChatError.NotFound, (await room.Edit(new EditMessageRequest { User = member, Seq = 99, Content = "x" })).Error);
        Assert.Equal(ChatError.NotFound, (await room.Edit(new EditMessageRequest { User = member, Seq = 0, Content = "x" })).Error);
        Assert.Equal(ChatError.NotFound, (await room.Edit(new EditMessageRequest { User = member, Seq = doomed.Seq, Content = "back" })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.Edit(new EditMessageRequest { User = member, Seq = sent.Seq, Content = "  " })).Error);

        var history = await room.GetHistory(new HistoryRequest { UserId = member.Id });
        Assert.Equal(("mine", false, 0L), (history.Messages[0].Content, history.Messages[0].Edited, history.Messages[0].ChangeSeq));
        Assert.Equal(1, (await room.GetChanges(new ChangesRequest { UserId = member.Id })).LastChangeSeq);
    }

    [Fact]
    public async Task Authors_owners_and_admins_delete_but_other_members_may_not()
    {
        var (room, roomId, owner, member) = await OwnedRoomAsync();
        var (admin, other) = (TestIds.UserRef("admin"), TestIds.UserRef("other"));
        await room.Join(new JoinRoomRequest { User = admin });
        await room.Join(new JoinRoomRequest { User = other });
        Assert.Equal(ChatError.None, await room.SetRole(owner.Id, admin.Id, RoomRoles.Admin));
        await RoomMessages.SendAsync(room, member, 3);

        Assert.Equal(ChatError.NotAllowed, (await room.Delete(new DeleteMessageRequest { User = other, Seq = 1 })).Error);
        Assert.Equal(ChatError.NotInRoom, (await room.Delete(new DeleteMessageRequest { User = TestIds.UserRef(), Seq = 1 })).Error);
        Assert.Equal(ChatError.NotFound, (await room.Delete(new DeleteMessageRequest { User = member, Seq = 4 })).Error);
        var byAuthor = await room.Delete(new DeleteMessageRequest { User = member, Seq = 1 });
        var byOwner = await room.Delete(new DeleteMessageRequest { User = owner, Seq = 2 });
        var byAdmin = await room.Delete(new DeleteMessageRequest { User = admin, Seq = 3 });

        Assert.Equal([1L, 2, 3], new[] { byAuthor, byOwner, byAdmin }.Select(result => result.Change!.ChangeSeq));
        var history = (await room.GetHistory(new HistoryRequest { UserId = other.Id })).Messages;
        Assert.All(history, message => Assert.Equal(("", true), (message.Content, message.Deleted)));
        Assert.Equal([member.Id, owner.Id, admin.Id], history.Select(message => message.DeletedBy));
        Assert.Equal([1L, 2, 3], history.Select(message => message.Seq));
        Assert.Equal(roomId, byOwner.Change!.ScopeId);
    }

    [Fact]
    public async Task Deleting_a_tombstone_again_answers_its_change_and_publishes_nothing_and_dedupe_keeps_the_first_answer()
    {
        var (room, roomId, owner, member) = await OwnedRoomAsync();
        var sent = await room.Send(new SendMessageRequest { Sender = member, Content = "oops", ClientMsgId = "cm-1" });
        var first = await room.Delete(new DeleteMessageRequest { User = member, Seq = sent.Seq });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);

        var again = await room.Delete(new DeleteMessageRequest { User = owner, Seq = sent.Seq });
        var resend = await room.Send(new SendMessageRequest { Sender = member, Content = "oops", ClientMsgId = "cm-1" });
        await room.SetTyping(member, typing: true);

        Assert.Equal(ChatError.None, again.Error);
        Assert.Equal((first.Change!.ChangeSeq, member.Id, MessageChangeKind.Deleted), (again.Change!.ChangeSeq, again.Change.ChangedBy, again.Change.Kind));
        Assert.True(resend.Duplicate);
        Assert.Equal((sent.MessageId, sent.Seq), (resend.MessageId, resend.Seq));
        var received = await events.WaitUntilAsync(all => all.Any(e => e.Kind == RoomEventKind.Typing));
        Assert.DoesNotContain(received, e => e.Kind == RoomEventKind.MessageDeleted);
        Assert.Equal(1, (await room.GetHistory(new HistoryRequest { UserId = member.Id })).LastSeq);
    }

    [Fact]
    public async Task Change_seqs_count_1_2_3_and_changes_list_each_message_once_at_its_last_change()
    {
        var (room, _, _, member) = await OwnedRoomAsync();
        await RoomMessages.SendAsync(room, member, 4);

        await room.Edit(new EditMessageRequest { User = member, Seq = 3, Content = "three" });
        await room.Edit(new EditMessageRequest { User = member, Seq = 1, Content = "one" });
        var last = await room.Edit(new EditMessageRequest { User = member, Seq = 3, Content = "three again" });
        await room.Delete(new DeleteMessageRequest { User = member, Seq = 2 });

        Assert.Equal(3, last.Change!.ChangeSeq);
        var all = await room.GetChanges(new ChangesRequest { UserId = member.Id, SinceChangeSeq = 0 });
        Assert.Equal((4L, false), (all.LastChangeSeq, all.HasMore));
        Assert.Equal([(1L, 2L), (3, 3), (2, 4)], all.Messages.Select(message => (message.Seq, message.ChangeSeq)));
        Assert.Equal("three again", all.Messages[1].Content);

        var paged = await room.GetChanges(new ChangesRequest { UserId = member.Id, SinceChangeSeq = 2, Limit = 1 });
        Assert.Equal([3L], paged.Messages.Select(message => message.Seq));
        Assert.True(paged.HasMore);
        Assert.Empty((await room.GetChanges(new ChangesRequest { UserId = member.Id, SinceChangeSeq = 4 })).Messages);
        Assert.Equal(ChatError.NotInRoom, (await room.GetChanges(new ChangesRequest { UserId = TestIds.User() })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.GetChanges(new ChangesRequest { UserId = member.Id, SinceChangeSeq = -1 })).Error);
    }

    [Fact]
    public async Task A_join_with_sinceSeq_lists_the_changes_at_or_below_it_after_sinceChangeSeq_in_pages()
    {
        var (room, roomId, owner, member) = await OwnedRoomAsync();
        await RoomMessages.SendAsync(room, member, 6);
        foreach (var seq in new long[] { 2, 5, 1, 6 })
        {
            Assert.Equal(ChatError.None, (await room.Edit(new EditMessageRequest { User = member, Seq = seq, Content = $"edited {seq}" })).Error);
        }

        var since = await room.Join(new JoinRoomRequest { User = owner, SinceSeq = 5, SinceChangeSeq = 1, RecoveryLimit = 1 });
        var all = await room.Join(new JoinRoomRequest { User = owner, SinceSeq = 5, RecoveryLimit = 10 });
        var current = await room.Join(new JoinRoomRequest { User = owner, SinceSeq = 6, SinceChangeSeq = 4 });
        var fresh = await room.Join(new JoinRoomRequest { User = owner });
        await using var gateway = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        var subscription = await room.Subscribe(gateway.Reference, ChatClusterFixture.TestGateway);

        Assert.Equal([5L], since.Changes.Select(m => m.Seq));
        Assert.Equal((true, 4L), (since.HasMoreChanges, since.LastChangeSeq));
        Assert.Equal([6L], since.RecentMessages.Select(m => m.Seq));
        Assert.Equal("edited 6", since.RecentMessages[0].Content);
        Assert.Equal([2L, 5, 1], all.Changes.Select(m => m.Seq));
        Assert.False(all.HasMoreChanges);
        Assert.Empty(current.Changes);
        Assert.Equal((4L, 4L), (current.LastChangeSeq, fresh.LastChangeSeq));
        Assert.Empty(fresh.Changes);
        Assert.Equal(4, subscription.LastChangeSeq);
        Assert.Equal(roomId, since.Room!.Id);
    }

    private async Task<(IRoomGrain Room, string RoomId, UserRef Owner, UserRef Member)> OwnedRoomAsync()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var (owner, member) = (TestIds.UserRef("owner"), TestIds.UserRef("member"));
        Assert.Equal(ChatError.None, (await room.Create(new CreateRoomRequest { Owner = owner, Visibility = RoomVisibility.Public })).Error);
        await room.Join(new JoinRoomRequest { User = member });
        return (room, roomId, owner, member);
    }
}
