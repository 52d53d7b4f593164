using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Private messages live in two-user conversations: seq, history, dedupe, read cursors, both users' indexes.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class PrivateMessageTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Conversation_id_is_the_same_for_both_users_and_unambiguous()
    {
        Assert.Equal("dm:alice:bob", ConversationIds.For("alice", "bob"));
        Assert.Equal("dm:alice:bob", ConversationIds.For("bob", "alice"));
        Assert.Equal("dm:a%3Ab:c", ConversationIds.For("c", "a:b"));
        Assert.NotEqual(ConversationIds.For("a:b", "c"), ConversationIds.For("a", "b:c"));
        Assert.Equal("dm:100%25:x", ConversationIds.For("x", "100%"));
        Assert.Equal("dm:me:me", ConversationIds.For("me", "me"));
        Assert.True(ConversationIds.IsParticipant(ConversationIds.For("a:b", "c%3A"), "c%3A", out var other));
        Assert.Equal("a:b", other);
        Assert.False(ConversationIds.IsParticipant(ConversationIds.For("a", "b"), "c", out _));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Seqs_are_gap_free_per_conversation_in_both_directions_and_survive_reactivation()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);

        var sent = new List<SendPrivateMessageResult>();
        for (var i = 0; i < 6; i++)
        {
            sent.Add(await SendAsync(i % 2 == 0 ? alice : bob, i % 2 == 0 ? bob : alice, $"m{i}"));
        }

        Assert.Equal([1L, 2, 3, 4, 5, 6], sent.Select(result => result.Seq));
        Assert.All(sent, result => Assert.Equal(ConversationIds.For(alice.Id, bob.Id), result.ConversationId));
        await fixture.Cluster.DeactivateAsync(conversation);

        var next = await SendAsync(bob, alice, "after reload");
        Assert.Equal(7, next.Seq);
        var history = await conversation.GetHistory(new ConversationHistoryRequest { UserId = alice.Id });
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], history.Messages.Select(message => message.Seq));
        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5", "after reload"], history.Messages.Select(message => message.Content));
        Assert.All(history.Messages, message => Assert.Equal(conversation.GetPrimaryKeyString(), message.ConversationId));
        Assert.Equal((alice.Id, bob.Id, "bob name"), (history.Messages[0].FromUserId, history.Messages[0].ToUserId, history.Messages[1].FromUser.Name));
    }

    [Fact]
    public async Task History_pages_by_seq_and_keeps_the_retained_window()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        const int total = StandardChatCluster.HistoryPerConversation + 7;
        for (var i = 1; i <= total; i++)
        {
            // Alternate senders in runs, staying under the unread cap.
            await SendAsync(i / 10 % 2 == 0 ? alice : bob, i / 10 % 2 == 0 ? bob : alice, $"m{i}");
        }

        await fixture.Cluster.DeactivateAsync(conversation);
        var newest = await conversation.GetHistory(new ConversationHistoryRequest { UserId = bob.Id, Limit = 5 });
        var before = await conversation.GetHistory(new ConversationHistoryRequest { UserId = bob.Id, BeforeSeq = 20, Limit = 3 });
        var after = await conversation.GetHistory(new ConversationHistoryRequest { UserId = bob.Id, AfterSeq = 0, Limit = 4 });
        var all = await conversation.GetHistory(new ConversationHistoryRequest { UserId = bob.Id, Limit = 100 });
        var stranger = await conversation.GetHistory(new ConversationHistoryRequest { UserId = TestIds.UserRef().Id });

        Assert.Equal(total, newest.LastSeq);
        Assert.Equal([33L, 34, 35, 36, 37], newest.Messages.Select(message => message.Seq));
        Assert.Equal([17L, 18, 19], before.Messages.Select(message => message.Seq));
        Assert.Equal([8L, 9, 10, 11], after.Messages.Select(message => message.Seq));
        Assert.Equal(Enumerable.Range(8, 30).Select(i => (long)i), all.Messages.Select(message => message.Seq));
        Assert.Equal(ChatError.InvalidFormat, stranger.Error);
    }

    [Fact]
    public async Task Repeated_client_msg_id_is_stored_once_also_after_reactivation()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);

        var first = await SendAsync(alice, bob, "once", "pm-1");
        var again = await SendAsync(alice, bob, "once", "pm-1");
        await fixture.Cluster.DeactivateAsync(conversation);
        var afterReload = await SendAsync(alice, bob, "once", "pm-1");
        var sameKeyOtherSender = await SendAsync(bob, alice, "mine", "pm-1");

        Assert.False(first.Duplicate);
        Assert.All([again, afterReload], duplicate => Assert.Equal((true, first.MessageId, 1L), (duplicate.Duplicate, duplicate.MessageId, duplicate.Seq)));
        Assert.Equal((false, 2L), (sameKeyOtherSender.Duplicate, sameKeyOtherSender.Seq));
        Assert.Equal(2, (await conversation.GetHistory(new ConversationHistoryRequest { UserId = bob.Id })).LastSeq);
    }

    [Fact]
    public async Task Read_cursors_move_forward_only_and_give_each_user_their_unread_count()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        for (var i = 1; i <= 3; i++)
        {
            await SendAsync(alice, bob, $"a{i}");
        }

        Assert.Equal((3L, 0L), (await UnreadAsync(bob), await UnreadAsync(alice)));
        Assert.Equal(["a1", "a2", "a3"], (await conversation.GetUnread(bob.Id, 10)).Select(message => message.Content));
        Assert.Equal(["a2", "a3"], (await conversation.GetUnread(bob.Id, 2)).Select(message => message.Content));
        Assert.Empty(await conversation.GetUnread(alice.Id, 10));

        Assert.Equal(ChatError.None, await conversation.MarkRead(bob, 2));
        Assert.Equal(1, await UnreadAsync(bob));
        await conversation.MarkRead(bob, 1);
        Assert.Equal(1, await UnreadAsync(bob));
        Assert.Equal(["a3"], (await conversation.GetUnread(bob.Id, 10)).Select(message => message.Content));

        await fixture.Cluster.DeactivateAsync(conversation);
        Assert.Equal(["a3"], (await conversation.GetUnread(bob.Id, 10)).Select(message => message.Content));
        await conversation.MarkRead(bob, 99);
        Assert.Equal(0, await UnreadAsync(bob));
        Assert.Equal(ChatError.InvalidFormat, await conversation.MarkRead(TestIds.UserRef(), 1));

        // Replying marks the conversation read for the replier, and is unread for the other.
        await SendAsync(alice, bob, "a4");
        await SendAsync(bob, alice, "b1");
        Assert.Equal((0L, 1L), (await UnreadAsync(bob), await UnreadAsync(alice)));
        await fixture.Cluster.DeactivateAsync(conversation);
        Assert.Empty(await conversation.GetUnread(bob.Id, 10));
        Assert.Equal(["b1"], (await conversation.GetUnread(alice.Id, 10)).Select(message => message.Content));
    }

    [Fact]
    public async Task Both_users_index_the_conversation_most_recently_active_first()
    {
        var (alice, bob, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("carol"));
        await SendAsync(alice, bob, "to bob");
        await Task.Delay(5);
        await SendAsync(carol, alice, "to alice");

        var aliceIndex = await _client.GetGrain<IUserGrain>(alice.Id).GetConversations(10, unreadOnly: false);
        var bobIndex = await _client.GetGrain<IUserGrain>(bob.Id).GetConversations(10, unreadOnly: false);

        Assert.Equal([ConversationIds.For(alice.Id, carol.Id), ConversationIds.For(alice.Id, bob.Id)], aliceIndex.Select(entry => entry.ConversationId));
        Assert.Equal((carol, 1L, 1L), (aliceIndex[0].WithUser, aliceIndex[0].LastSeq, aliceIndex[0].Unread));

        // Bob has not written yet: the conversation knows only his id.
        Assert.Equal((bob.Id, 1L, 0L), (aliceIndex[1].WithUser.Id, aliceIndex[1].LastSeq, aliceIndex[1].Unread));
        var bobEntry = Assert.Single(bobIndex);
        Assert.Equal((alice, 1L, 1L), (bobEntry.WithUser, bobEntry.LastSeq, bobEntry.Unread));
        Assert.Equal([ConversationIds.For(alice.Id, carol.Id)], (await _client.GetGrain<IUserGrain>(alice.Id).GetConversations(10, unreadOnly: true)).Select(entry => entry.ConversationId));

        await SendAsync(bob, alice, "reply");
        var renamed = (await _client.GetGrain<IUserGrain>(alice.Id).GetConversations(1, unreadOnly: false)).Single();
        Assert.Equal((bob, 2L, 1L), (renamed.WithUser, renamed.LastSeq, renamed.Unread));
    }

    [Fact]
    public async Task Unread_cap_refuses_the_next_message_until_the_recipient_reads()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = Conversation(alice, bob);
        for (var i = 0; i < StandardChatCluster.MaxUnreadPrivateMessages; i++)
        {
            Assert.Equal(ChatError.None, (await SendAsync(alice, bob, $"m{i}")).Error);
        }

        Assert.Equal(ChatError.QuotaExceeded, (await SendAsync(alice, bob, "one too many")).Error);
        Assert.Equal(StandardChatCluster.MaxUnreadPrivateMessages, (await conversation.GetUnread(bob.Id, 100)).Count);

        // Reading makes room for as many as were read.
        await conversation.MarkRead(bob, 5);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ChatError.None, (await SendAsync(alice, bob, $"after reading {i}")).Error);
        }

        Assert.Equal(ChatError.QuotaExceeded, (await SendAsync(alice, bob, "full again")).Error);

        // The recipient may always answer (the cap counts the other direction), and answering reads.
        Assert.Equal(ChatError.None, (await SendAsync(bob, alice, "reply")).Error);
        Assert.Equal(ChatError.None, (await SendAsync(alice, bob, "after the reply")).Error);
        Assert.Equal(27, (await conversation.GetHistory(new ConversationHistoryRequest { UserId = alice.Id })).LastSeq);
    }

    [Fact]
    public async Task A_message_is_pushed_to_both_users_gateways_and_delivered_only_when_the_recipient_has_one()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var offline = await SendAsync(alice, bob, "nobody listening");
        Assert.False(offline.Delivered);

        await using var bobEvents = await UserEventRecorder.SubscribeAsync(_client, bob.Id);
        await using var aliceEvents = await UserEventRecorder.SubscribeAsync(_client, alice.Id);
        var live = await SendAsync(alice, bob, "live", "live-1");
        var retried = await SendAsync(alice, bob, "live", "live-1");

        var next = await SendAsync(alice, bob, "next");

        Assert.True(live.Delivered);
        Assert.True(retried.Delivered);
        foreach (var events in new[] { bobEvents, aliceEvents })
        {
            // Pushed once each: the retry found the message in the index already.
            var received = await events.WaitUntilAsync(all => all.Any(e => e.PrivateMessage?.Id == next.MessageId));
            var messages = received.Where(e => e.Kind == UserEventKind.PrivateMessage).Select(e => e.PrivateMessage!).ToList();
            Assert.Equal([2L, 3L], messages.Select(message => message.Seq).Order());
            var pushed = messages.Single(message => message.Id == live.MessageId);
            Assert.Equal(("live", alice, bob.Id), (pushed.Content, pushed.FromUser, pushed.ToUserId));
        }
    }

    [Fact]
    public async Task Conversation_with_oneself_is_allowed_and_never_unread()
    {
        var me = TestIds.UserRef("me");
        var result = await SendAsync(me, me, "note to self");

        Assert.Equal((ChatError.None, 1L, ConversationIds.For(me.Id, me.Id)), (result.Error, result.Seq, result.ConversationId));
        var entry = Assert.Single(await _client.GetGrain<IUserGrain>(me.Id).GetConversations(10, unreadOnly: false));
        Assert.Equal((me, 1L, 0L), (entry.WithUser, entry.LastSeq, entry.Unread));
    }

    [Fact]
    public async Task Send_to_a_conversation_the_users_do_not_belong_to_is_refused()
    {
        var (alice, bob, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("carol"));
        var result = await Conversation(alice, bob).Send(new SendPrivateMessageRequest { Sender = carol, RecipientId = bob.Id, Content = "sneaky" });
        var blank = await Conversation(alice, bob).Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = bob.Id, Content = " " });

        Assert.Equal(ChatError.InvalidFormat, result.Error);
        Assert.Equal(ChatError.InvalidFormat, blank.Error);
    }

    [Fact]
    public async Task Mark_read_of_a_conversation_without_messages_stores_nothing()
    {
        var (alice, stranger) = (TestIds.UserRef("alice"), TestIds.UserRef("stranger"));

        Assert.Equal(ChatError.None, await Conversation(alice, stranger).MarkRead(alice, 5));

        Assert.Empty(await _client.GetGrain<IUserGrain>(alice.Id).GetConversations(10, unreadOnly: false));
        var first = await SendAsync(stranger, alice, "now there is one");
        Assert.Equal(1, first.Seq);
        Assert.Equal(1, await UnreadAsync(alice));
    }

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(1000, 20, true)]
    [InlineData(20, 1000, false)]
    [InlineData(0, 10, false)]
    public void Retention_must_keep_every_message_the_unread_cap_allows(int historyPerConversation, int maxUnread, bool valid)
    {
        var result = new ConversationOptionsValidator().Validate(null, new ConversationOptions
        {
            HistoryPerConversation = historyPerConversation,
            MaxUnreadPrivateMessages = maxUnread,
        });

        Assert.Equal(valid, result.Succeeded);
    }

    internal Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content, string? clientMsgId = null) =>
        Conversation(from, to).Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content, ClientMsgId = clientMsgId });

    private IConversationGrain Conversation(UserRef a, UserRef b) => _client.GetGrain<IConversationGrain>(ConversationIds.For(a.Id, b.Id));

    private async Task<long> UnreadAsync(UserRef user) =>
        (await _client.GetGrain<IUserGrain>(user.Id).GetConversations(100, unreadOnly: false)).Sum(entry => entry.Unread);
}
