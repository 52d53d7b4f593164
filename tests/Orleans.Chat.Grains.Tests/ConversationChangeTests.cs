using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Edits and deletes of conversation messages: who may, tombstones, change seqs, recovery, pushes, persistence.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class ConversationChangeTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Only_the_author_edits_and_the_new_content_is_what_history_shows()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        var sent = await SendAsync(alice, bob, "helo");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var byOther = await conversation.Edit(Edit(bob, sent.Seq, "hijacked"));
        var edited = await conversation.Edit(Edit(alice, sent.Seq, "hello"));

        Assert.Equal(ChatError.NotAllowed, byOther.Error);
        Assert.Equal(ChatError.None, edited.Error);
        var change = edited.Change!;
        Assert.Equal(
            (MessageChangeKind.Edited, conversation.GetPrimaryKeyString(), sent.Seq, sent.MessageId, "hello", alice.Id, 1L),
            (change.Kind, change.ScopeId, change.Seq, change.MessageId, change.Content, change.ChangedBy, change.ChangeSeq));
        Assert.InRange(change.ChangedAt, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var message = Assert.Single((await HistoryAsync(conversation, bob)).Messages);
        Assert.Equal(("hello", true, false, change.ChangedAt, 1L), (message.Content, message.Edited, message.Deleted, message.EditedAt, message.ChangeSeq));
        Assert.Equal((sent.MessageId, sent.Timestamp), (message.Id, message.Timestamp));
    }

    [Fact]
    public async Task Delete_leaves_a_tombstone_that_cannot_be_edited_and_a_repeat_answers_its_change_seq()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        var first = await SendAsync(alice, bob, "first");
        var second = await SendAsync(alice, bob, "second");

        Assert.Equal(ChatError.NotAllowed, (await conversation.Delete(Delete(bob, first.Seq))).Error);
        var deleted = await conversation.Delete(Delete(alice, first.Seq));
        var again = await conversation.Delete(Delete(alice, first.Seq));
        var editDeleted = await conversation.Edit(Edit(alice, first.Seq, "back"));
        var bobDeletesTombstone = await conversation.Delete(Delete(bob, first.Seq));

        Assert.Equal((ChatError.None, MessageChangeKind.Deleted, "", 1L), (deleted.Error, deleted.Change!.Kind, deleted.Change.Content, deleted.Change.ChangeSeq));
        Assert.Equal((ChatError.None, 1L, first.MessageId), (again.Error, again.Change!.ChangeSeq, again.Change.MessageId));
        Assert.Equal(ChatError.NotFound, editDeleted.Error);
        Assert.Equal(ChatError.NotAllowed, bobDeletesTombstone.Error);

        var history = await HistoryAsync(conversation, bob);
        Assert.Equal([first.Seq, second.Seq], history.Messages.Select(message => message.Seq));
        Assert.Equal(("", true, 1L, first.MessageId), (history.Messages[0].Content, history.Messages[0].Deleted, history.Messages[0].ChangeSeq, history.Messages[0].Id));
        Assert.Equal(("second", false, 0L), (history.Messages[1].Content, history.Messages[1].Deleted, history.Messages[1].ChangeSeq));
        Assert.Equal((2L, 1L), (history.LastSeq, history.LastChangeSeq));
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_change_nothing()
    {
        var (alice, bob, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("carol"));
        var conversation = Conversation(alice, bob);
        var sent = await SendAsync(alice, bob, "original");

        Assert.Equal(ChatError.NotFound, (await conversation.Edit(Edit(alice, 99, "x"))).Error);
        Assert.Equal(ChatError.NotFound, (await conversation.Edit(Edit(alice, 0, "x"))).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Edit(Edit(alice, -1, "x"))).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Edit(Edit(alice, sent.Seq, ""))).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Edit(Edit(alice, sent.Seq, "  "))).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Edit(Edit(carol, sent.Seq, "x"))).Error);
        Assert.Equal(ChatError.NotFound, (await conversation.Delete(Delete(alice, 99))).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Delete(Delete(alice, -5))).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Delete(Delete(carol, sent.Seq))).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.GetChanges(new ChangesRequest { UserId = carol.Id })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.GetChanges(new ChangesRequest { UserId = alice.Id, SinceChangeSeq = -1 })).Error);

        var history = await HistoryAsync(conversation, alice);
        var message = Assert.Single(history.Messages);
        Assert.Equal(("original", false, false, 0L, 0L), (message.Content, message.Edited, message.Deleted, message.ChangeSeq, history.LastChangeSeq));
        Assert.Equal(1, (await conversation.Edit(Edit(alice, sent.Seq, "now"))).Change!.ChangeSeq);
    }

    [Fact]
    public async Task Changes_are_numbered_in_order_and_paged_each_message_once_at_its_last_change()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        var seqs = new List<long>();
        for (var i = 1; i <= 5; i++)
        {
            seqs.Add((await SendAsync(i % 2 == 0 ? bob : alice, i % 2 == 0 ? alice : bob, $"m{i}")).Seq);
        }

        // Change seqs 1..5: m1 edited, m2 edited, m1 edited again, m3 deleted, m4 edited.
        var changeSeqs = new List<long>
        {
            (await conversation.Edit(Edit(alice, seqs[0], "m1 v2"))).Change!.ChangeSeq,
            (await conversation.Edit(Edit(bob, seqs[1], "m2 v2"))).Change!.ChangeSeq,
            (await conversation.Edit(Edit(alice, seqs[0], "m1 v3"))).Change!.ChangeSeq,
            (await conversation.Delete(Delete(alice, seqs[2]))).Change!.ChangeSeq,
            (await conversation.Edit(Edit(bob, seqs[3], "m4 v2"))).Change!.ChangeSeq,
        };
        Assert.Equal([1L, 2, 3, 4, 5], changeSeqs);

        var all = await conversation.GetChanges(new ChangesRequest { UserId = bob.Id });
        Assert.Equal((5L, false), (all.LastChangeSeq, all.HasMore));
        Assert.Equal([(2L, "m2 v2"), (3L, "m1 v3"), (4L, ""), (5L, "m4 v2")], all.Messages.Select(message => (message.ChangeSeq, message.Content)));

        var firstPage = await conversation.GetChanges(new ChangesRequest { UserId = alice.Id, SinceChangeSeq = 0, Limit = 2 });
        var secondPage = await conversation.GetChanges(new ChangesRequest { UserId = alice.Id, SinceChangeSeq = firstPage.Messages[^1].ChangeSeq, Limit = 2 });
        var upToDate = await conversation.GetChanges(new ChangesRequest { UserId = alice.Id, SinceChangeSeq = 5 });
        Assert.Equal([seqs[1], seqs[0]], firstPage.Messages.Select(message => message.Seq));
        Assert.True(firstPage.HasMore);
        Assert.Equal([seqs[2], seqs[3]], secondPage.Messages.Select(message => message.Seq));
        Assert.False(secondPage.HasMore);
        Assert.Equal((0, false, 5L), (upToDate.Messages.Count, upToDate.HasMore, upToDate.LastChangeSeq));
        Assert.True((await conversation.GetChanges(new ChangesRequest { UserId = alice.Id, SinceChangeSeq = 3 })).Messages.All(message => message.ChangeSeq > 3));
    }

    [Fact]
    public async Task Edits_deletes_and_the_change_counter_survive_reactivation()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);

        // More than a page, so the edited message's page is not the head page the next write goes to.
        var sent = new List<SendPrivateMessageResult>();
        for (var i = 1; i <= StandardChatCluster.HistoryPageSize + 2; i++)
        {
            sent.Add(await SendAsync(i % 3 == 0 ? bob : alice, i % 3 == 0 ? alice : bob, $"m{i}"));
        }

        var edited = (await conversation.Edit(Edit(alice, sent[0].Seq, "m1 edited"))).Change!;
        await conversation.Delete(Delete(alice, sent[1].Seq));
        await fixture.Cluster.DeactivateAsync(conversation);

        var history = await HistoryAsync(conversation, bob);
        Assert.Equal(2, history.LastChangeSeq);
        Assert.Equal(("m1 edited", true, edited.ChangedAt, 1L), (history.Messages[0].Content, history.Messages[0].Edited, history.Messages[0].EditedAt, history.Messages[0].ChangeSeq));
        Assert.Equal(("", true, 2L), (history.Messages[1].Content, history.Messages[1].Deleted, history.Messages[1].ChangeSeq));

        // The counter goes on from where it was, and the tombstone stays one.
        var next = await conversation.Edit(Edit(alice, sent[^2].Seq, "m11 edited"));
        Assert.Equal(3, next.Change!.ChangeSeq);
        Assert.Equal(2, (await conversation.Delete(Delete(alice, sent[1].Seq))).Change!.ChangeSeq);
        await fixture.Cluster.DeactivateAsync(conversation);
        var changes = await conversation.GetChanges(new ChangesRequest { UserId = alice.Id, SinceChangeSeq = 1 });
        Assert.Equal([(sent[1].Seq, 2L), (sent[^2].Seq, 3L)], changes.Messages.Select(message => (message.Seq, message.ChangeSeq)));
        Assert.Equal(3, changes.LastChangeSeq);
    }

    [Fact]
    public async Task A_repeated_send_after_delete_or_edit_answers_the_first_message()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        var deletedOne = await SendAsync(alice, bob, "oops", "cm-deleted");
        var editedOne = await SendAsync(alice, bob, "typo", "cm-edited");
        await conversation.Delete(Delete(alice, deletedOne.Seq));
        await conversation.Edit(Edit(alice, editedOne.Seq, "fixed"));

        var retryDeleted = await SendAsync(alice, bob, "oops", "cm-deleted");
        var retryEdited = await SendAsync(alice, bob, "typo", "cm-edited");
        await fixture.Cluster.DeactivateAsync(conversation);
        var retryAfterReload = await SendAsync(alice, bob, "oops", "cm-deleted");

        Assert.Equal((true, deletedOne.MessageId, deletedOne.Seq), (retryDeleted.Duplicate, retryDeleted.MessageId, retryDeleted.Seq));
        Assert.Equal((true, editedOne.MessageId, editedOne.Seq), (retryEdited.Duplicate, retryEdited.MessageId, retryEdited.Seq));
        Assert.Equal((true, deletedOne.MessageId, deletedOne.Seq), (retryAfterReload.Duplicate, retryAfterReload.MessageId, retryAfterReload.Seq));
        var history = await HistoryAsync(conversation, bob);
        Assert.Equal(["", "fixed"], history.Messages.Select(message => message.Content));
    }

    [Fact]
    public async Task Changes_are_pushed_to_both_users_and_raise_their_index_change_counter()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        var sent = await SendAsync(alice, bob, "draft");
        await using var aliceEvents = await UserEventRecorder.SubscribeAsync(_client, alice.Id);
        await using var bobEvents = await UserEventRecorder.SubscribeAsync(_client, bob.Id);

        await conversation.Edit(Edit(alice, sent.Seq, "final"));
        await conversation.Delete(Delete(alice, sent.Seq));
        await conversation.Delete(Delete(alice, sent.Seq));
        await conversation.Edit(Edit(bob, sent.Seq, "refused"));

        foreach (var (events, user) in new[] { (aliceEvents, alice), (bobEvents, bob) })
        {
            var received = await events.WaitUntilAsync(all => all.Any(e => e.Kind == UserEventKind.MessageDeleted), "the delete");
            var changes = received.Where(e => e.Change is not null).ToList();
            Assert.Equal(
                [(UserEventKind.MessageEdited, MessageChangeKind.Edited, "final", 1L), (UserEventKind.MessageDeleted, MessageChangeKind.Deleted, "", 2L)],
                changes.Select(e => (e.Kind, e.Change!.Kind, e.Change.Content, e.Change.ChangeSeq)));
            Assert.All(changes, e => Assert.Equal((user.Id, conversation.GetPrimaryKeyString(), alice.Id), (e.UserId, e.Change!.ScopeId, e.Change.ChangedBy)));
            var entry = Assert.Single(await _client.GetGrain<IUserGrain>(user.Id).GetConversations(10, unreadOnly: false));
            Assert.Equal(2, entry.LastChangeSeq);
        }

        // The repeated delete and the refused edit told nobody (a later push proves the earlier ones had their chance).
        await SendAsync(bob, alice, "marker");
        var all = await aliceEvents.WaitUntilAsync(events => events.Any(e => e.PrivateMessage?.Content == "marker"), "the marker");
        Assert.Equal(2, all.Count(e => e.Change is not null));
    }

    [Fact]
    public async Task In_a_conversation_with_oneself_a_change_is_pushed_once()
    {
        var me = TestIds.UserRef("me");
        var conversation = Conversation(me, me);
        var sent = await SendAsync(me, me, "note");
        await using var events = await UserEventRecorder.SubscribeAsync(_client, me.Id);

        await conversation.Edit(Edit(me, sent.Seq, "note, edited"));
        await SendAsync(me, me, "marker");

        var received = await events.WaitUntilAsync(all => all.Any(e => e.PrivateMessage?.Content == "marker"), "the marker");
        var change = Assert.Single(received, e => e.Kind == UserEventKind.MessageEdited);
        Assert.Equal("note, edited", change.Change!.Content);
    }

    [Fact]
    public async Task Unread_stays_seq_arithmetic_and_lists_deleted_messages_as_tombstones()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        var secret = await SendAsync(alice, bob, "secret");
        await SendAsync(alice, bob, "hello");
        await conversation.Delete(Delete(alice, secret.Seq));

        var unread = await conversation.GetUnread(bob.Id, 10);
        Assert.Equal([("", true), ("hello", false)], unread.Select(message => (message.Content, message.Deleted)));
        Assert.Equal(2, (await conversation.GetUnreadTimestamps(bob.Id, 10)).Count);
        var entry = Assert.Single(await _client.GetGrain<IUserGrain>(bob.Id).GetConversations(10, unreadOnly: false));
        Assert.Equal((2L, 1L), (entry.Unread, entry.LastChangeSeq));
    }

    [Fact]
    public async Task A_failed_page_write_fails_the_edit_and_leaves_its_change_seq_free()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        var sent = await SendAsync(alice, bob, "before");

        await StorageFaults.FailNextWriteAsync(_client, "history-0", conversation);
        await Assert.ThrowsAnyAsync<Exception>(() => conversation.Edit(Edit(alice, sent.Seq, "lost")));

        var history = await HistoryAsync(conversation, bob);
        Assert.Equal(("before", 0L), (history.Messages[0].Content, history.LastChangeSeq));
        Assert.Equal(1, (await conversation.Edit(Edit(alice, sent.Seq, "kept"))).Change!.ChangeSeq);
    }

    private static EditMessageRequest Edit(UserRef user, long seq, string content) => new() { User = user, Seq = seq, Content = content };

    private static DeleteMessageRequest Delete(UserRef user, long seq) => new() { User = user, Seq = seq };

    private Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content, string? clientMsgId = null) =>
        Conversation(from, to).Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content, ClientMsgId = clientMsgId });

    private static Task<ConversationHistoryResult> HistoryAsync(IConversationGrain conversation, UserRef user) =>
        conversation.GetHistory(new ConversationHistoryRequest { UserId = user.Id, Limit = 100 });

    private IConversationGrain Conversation(UserRef a, UserRef b) => _client.GetGrain<IConversationGrain>(ConversationIds.For(a.Id, b.Id));
}
