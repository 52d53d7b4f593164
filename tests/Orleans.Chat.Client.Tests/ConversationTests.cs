using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Direct conversations: each (conversationId, seq) once, in order, live, pending and after reconnects.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class ConversationTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Two_users_exchange_messages_and_both_sides_get_each_once_in_seq_order()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var aliceSeen = new EventLog<PrivateMessage>();
        var bobSeen = new EventLog<PrivateMessage>();
        alice.PrivateMessage += aliceSeen.Handler;
        bob.PrivateMessage += bobSeen.Handler;
        var conversationId = ConversationIds.Of(UserIdOf(alice), UserIdOf(bob));

        var first = await alice.SendPrivateMessageAsync(UserIdOf(bob), "hi bob");
        var second = await bob.SendPrivateMessageAsync(UserIdOf(alice), "hi alice", type: "text");

        Assert.Equal((conversationId, 1L, true), (first.ConversationId, first.Seq, first.Delivered));
        Assert.True(first.Timestamp > 0);
        Assert.Equal((conversationId, 2L), (second.ConversationId, second.Seq));
        await aliceSeen.WaitUntilAsync(m => m.Count == 2, "both messages at alice");
        await bobSeen.WaitUntilAsync(m => m.Count == 2, "both messages at bob");
        await aliceSeen.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));
        await bobSeen.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));
        foreach (var seen in new[] { aliceSeen, bobSeen })
        {
            Assert.Equal([(conversationId, 1L, "hi bob"), (conversationId, 2L, "hi alice")], seen.Received.Select(m => (m.ConversationId, m.Seq, m.Content)));
        }

        var message = bobSeen.Received[0];
        Assert.Equal(first.MessageId, message.Id);
        Assert.Equal((UserIdOf(alice), UserIdOf(bob), "text", false, false), (message.FromUser.Id, message.ToUserId, message.Type, message.Edited, message.Deleted));
        Assert.Equal(2, bob.GetLastConversationSeq(conversationId));

        var history = await bob.GetPrivateHistoryAsync(UserIdOf(alice));
        Assert.Equal((conversationId, 2L), (history.ConversationId, history.LastSeq));
        Assert.Equal(["hi bob", "hi alice"], history.Messages.Select(m => m.Content));
        var older = await bob.GetPrivateHistoryAsync(UserIdOf(alice), beforeSeq: 2);
        Assert.Equal([1L], older.Messages.Select(m => m.Seq));
        var later = await alice.GetPrivateHistoryAsync(UserIdOf(bob), afterSeq: 1, limit: 10);
        Assert.Equal([2L], later.Messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task Messages_to_an_offline_user_arrive_once_on_connect_and_not_again_after_a_reconnect()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var carolId = TestIds.User("carol");
        var acks = new[] { await alice.SendPrivateMessageAsync(carolId, "while you were out"), await alice.SendPrivateMessageAsync(carolId, "and another") };
        Assert.All(acks, ack => Assert.False(ack.Delivered));

        var carol = NewClient(carolId);
        var seen = new EventLog<PrivateMessage>();
        var batches = new EventLog<IReadOnlyList<PrivateMessage>>();
        var recoveries = new EventLog<RecoveredEvent>();
        carol.PrivateMessage += seen.Handler;
        carol.PendingMessages += batches.Handler;
        carol.Recovered += recoveries.Handler;
        await carol.ConnectAsync();
        await seen.WaitUntilAsync(m => m.Count == 2, "the unread messages");
        Assert.Equal(["while you were out", "and another"], seen.Received.Select(m => m.Content));
        Assert.Equal(acks.Select(a => a.MessageId), (await batches.WaitUntilAsync(b => b.Count == 1, "pending-messages"))[0].Select(m => m.Id));

        // Still unread, so listed again on the next connection: the client does not raise them twice.
        carol.AbortTransportForTesting();
        var recovered = (await recoveries.WaitUntilAsync(r => r.Count == 1, "recovered"))[0];
        Assert.Equal(2, (await batches.WaitUntilAsync(b => b.Count == 2, "the second pending-messages"))[1].Count);
        await seen.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));

        var conversation = Assert.Single(recovered.Conversations);
        Assert.Equal((UserIdOf(alice), true, 0), (conversation.WithUserId, conversation.Recovered, conversation.Missed));
        Assert.Equal([1L, 2], seen.Received.Select(m => m.Seq));
    }

    [Fact]
    public async Task A_message_read_on_another_device_while_this_one_was_away_is_recovered_once()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bobId = TestIds.User("bob");
        var reconnectGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connects = 0;
        // The first connect goes through; the reconnect waits until bob read the message elsewhere.
        var bob = await ConnectedAsync(bobId, options => options with
        {
            TokenProvider = async ct =>
            {
                if (Interlocked.Increment(ref connects) > 1)
                {
                    await reconnectGate.Task.WaitAsync(ct);
                }

                return await Server.DevTokenAsync(bobId);
            },
        });
        var bobElsewhere = await ConnectedAsync(bobId);
        var seen = new EventLog<PrivateMessage>();
        var elsewhere = new EventLog<PrivateMessage>();
        var batches = new EventLog<IReadOnlyList<PrivateMessage>>();
        var recoveries = new EventLog<RecoveredEvent>();
        var states = new EventLog<ConnectionState>();
        bob.PrivateMessage += seen.Handler;
        bob.PendingMessages += batches.Handler;
        bob.Recovered += recoveries.Handler;
        bob.StateChanged += states.Handler;
        bobElsewhere.PrivateMessage += elsewhere.Handler;
        var conversationId = ConversationIds.Of(UserIdOf(alice), bobId);

        await alice.SendPrivateMessageAsync(bobId, "before");
        await seen.WaitUntilAsync(m => m.Count == 1, "the first message");
        bob.AbortTransportForTesting();
        await states.WaitForAsync(s => s == ConnectionState.Reconnecting, "reconnecting");
        var whileAway = await alice.SendPrivateMessageAsync(bobId, "while away");
        await elsewhere.WaitForAsync(m => m.Seq == whileAway.Seq, "the message on the other device");
        await bobElsewhere.MarkReadAsync(UserIdOf(alice), whileAway.Seq);
        reconnectGate.SetResult();

        var recovered = (await recoveries.WaitUntilAsync(r => r.Count == 1, "recovered"))[0];
        // Read elsewhere, so not pending (the server sends no empty batch).
        Assert.DoesNotContain(batches.Received.SelectMany(b => b), m => m.ConversationId == conversationId);
        var conversation = Assert.Single(recovered.Conversations);
        Assert.Equal((conversationId, true, 1), (conversation.ConversationId, conversation.Recovered, conversation.Missed));
        await alice.SendPrivateMessageAsync(bobId, "after");
        await seen.WaitUntilAsync(m => m.Count == 3, "the live message after the recovery");
        await seen.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal([(1L, "before"), (2L, "while away"), (3L, "after")], seen.Received.Select(m => (m.Seq, m.Content)));
    }

    [Fact]
    public async Task Server_side_drops_while_messages_keep_coming_deliver_every_seq_exactly_once_in_order()
    {
        const int Drops = 3;
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var seen = new EventLog<PrivateMessage>();
        var recoveries = new EventLog<RecoveredEvent>();
        bob.PrivateMessage += seen.Handler;
        bob.Recovered += recoveries.Handler;
        var conversationId = ConversationIds.Of(UserIdOf(alice), UserIdOf(bob));

        // Alice keeps sending the whole time, so live messages and pending-messages race each recovery.
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            var acks = new List<PrivateMessageAck>();
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                acks.Add(await alice.SendPrivateMessageAsync(UserIdOf(bob), $"n{n}"));
            }

            return acks;
        });
        for (var drop = 1; drop <= Drops; drop++)
        {
            await seen.WaitUntilAsync(m => m.Count >= drop * 20, $"messages before drop {drop}");
            Assert.Equal(1, ServerSessions.AbortAll(Server, UserIdOf(bob), "test: server drops the connection"));
            await recoveries.WaitUntilAsync(r => r.Count == drop, $"recovery {drop}");
        }

        var afterLastDrop = seen.Count;
        await seen.WaitUntilAsync(m => m.Count >= afterLastDrop + 10, "live messages after the last recovery");
        await stop.CancelAsync();
        var sent = await sending;
        await seen.WaitUntilAsync(m => m.Count > 0 && m[^1].Seq >= sent.Count, "every message at bob");
        await seen.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));

        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => (long)i), sent.Select(a => a.Seq));
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => (long)i), seen.Received.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => $"n{i}"), seen.Received.Select(m => m.Content));
        Assert.True(recoveries.Received.All(r => r.Conversations.Count == 1), string.Join(" | ", recoveries.Received.Select(r => $"rooms={r.Rooms.Count} conversations=[{string.Join(",", r.Conversations)}]")));
        var conversations = recoveries.Received.Select(r => Assert.Single(r.Conversations)).ToList();
        Assert.All(conversations, c => Assert.True(c.Recovered && c.ConversationId == conversationId && c.Error is null));
        Assert.True(conversations.Sum(c => c.Missed) > 0, "some messages were sent while bob was away");
        Assert.Equal(sent.Count, bob.GetLastConversationSeq(conversationId));
    }

    [Fact]
    public async Task Conversations_list_the_last_message_and_unread_counts_that_mark_read_lowers()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var carol = await ConnectedAsync(TestIds.User("carol"));
        var seen = new EventLog<PrivateMessage>();
        bob.PrivateMessage += seen.Handler;
        PrivateMessageAck? last = null;
        for (var i = 1; i <= 3; i++)
        {
            last = await alice.SendPrivateMessageAsync(UserIdOf(bob), $"a{i}");
        }

        // Activity is ordered by the stored Unix ms (ties by conversation id): carol writes in a later millisecond.
        SpinWait.SpinUntil(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > last!.Timestamp);
        await carol.SendPrivateMessageAsync(UserIdOf(bob), "from carol");

        var conversations = (await bob.GetConversationsAsync()).Conversations;
        Assert.Equal([UserIdOf(carol), UserIdOf(alice)], conversations.Select(c => c.WithUser.Id)); // most recently active first
        var withAlice = conversations[1];
        Assert.Equal(ConversationIds.Of(UserIdOf(alice), UserIdOf(bob)), withAlice.ConversationId);
        Assert.Equal((3L, "a3"), (withAlice.LastSeq, withAlice.LastMessage?.Content));
        Assert.Equal((1L, 3L), await UnreadAsync());

        await bob.MarkReadAsync(UserIdOf(alice), 2);
        Assert.Equal((1L, 1L), await UnreadAsync());
        await seen.WaitUntilAsync(m => m.Count == 4, "the live messages at bob");
        await bob.MarkReadAsync(UserIdOf(alice)); // up to the last one bob was given
        await bob.MarkReadAsync(UserIdOf(alice), 1); // forward only
        Assert.Equal((1L, 0L), await UnreadAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => bob.MarkReadAsync(TestIds.User("nobody")));

        async Task<(long FromCarol, long FromAlice)> UnreadAsync()
        {
            var unread = (await bob.GetConversationsAsync()).Conversations.ToDictionary(c => c.WithUser.Id, c => c.Unread);
            return (unread[UserIdOf(carol)], unread[UserIdOf(alice)]);
        }
    }
}
