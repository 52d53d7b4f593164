using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Edits and deletes made while a client was away reach it after its reconnect, once each, in change order.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class ChangeRecoveryTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Room_changes_missed_while_away_are_recovered_past_the_join_batch_then_live_ones_follow()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        await alice.JoinRoomAsync(roomId);
        var (bob, gate) = await HeldReconnectsAsync(TestIds.User("bob"));
        await bob.JoinRoomAsync(roomId);
        var sent = new List<MessageAck>();
        for (var i = 1; i <= 8; i++)
        {
            sent.Add(await alice.SendMessageAsync(roomId, $"m{i}"));
        }

        var room = ChatScope.Room(roomId);
        var edits = new EventLog<MessageEditedEvent>();
        var deletes = new EventLog<MessageDeletedEvent>();
        var recoveries = new EventLog<RecoveredEvent>();
        bob.MessageEdited += edits.Handler;
        bob.MessageDeleted += deletes.Handler;
        bob.Recovered += recoveries.Handler;

        // Seen live before the drop (the handler is on first: the SDK may raise the event after its change seq moved).
        await alice.EditMessageAsync(room, 1, "m1 before");
        Assert.Equal(1, (await edits.WaitForAsync(e => e.Content == "m1 before", "the first edit at bob")).ChangeSeq);
        Assert.Equal(1, bob.GetLastChangeSeq(roomId));

        gate.Hold();
        bob.AbortTransportForTesting();
        await alice.EditMessageAsync(room, 1, "m1 after"); // change 2
        for (var seq = 2; seq <= 7; seq++)
        {
            await alice.EditMessageAsync(room, seq, $"m{seq} edited"); // changes 3..8
        }

        await alice.DeleteMessageAsync(room, 8); // change 9: with RecoveryBatch 5 the join carries 5, get-changes the rest
        gate.Release();

        var recovered = Assert.Single((await recoveries.WaitUntilAsync(r => r.Count == 1, "recovered"))[0].Rooms);
        Assert.Equal((true, 0, 8), (recovered.Recovered, recovered.Missed, recovered.Changes));
        Assert.Equal(
            [(1L, "m1 after", 2L), (2, "m2 edited", 3), (3, "m3 edited", 4), (4, "m4 edited", 5), (5, "m5 edited", 6), (6, "m6 edited", 7), (7, "m7 edited", 8)],
            edits.Received.Skip(1).Select(e => (e.Seq, e.Content, e.ChangeSeq)));
        Assert.All(edits.Received.Skip(1), e => Assert.True(e.Recovered));
        var deleted = Assert.Single(deletes.Received);
        Assert.Equal((8L, sent[7].MessageId, 9L, true), (deleted.Seq, deleted.Id, deleted.ChangeSeq, deleted.Recovered));
        Assert.Equal(9, bob.GetLastChangeSeq(roomId));

        // A reconnect with nothing new replays nothing; live changes follow as before.
        bob.AbortTransportForTesting();
        Assert.Equal(0, Assert.Single((await recoveries.WaitUntilAsync(r => r.Count == 2, "recovered again"))[1].Rooms).Changes);
        await alice.EditMessageAsync(room, 2, "live");
        var live = await edits.WaitForAsync(e => e.Content == "live", "the live edit");
        Assert.Equal((10L, false), (live.ChangeSeq, live.Recovered));
        await edits.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(9, edits.Count);
    }

    [Fact]
    public async Task Conversation_changes_missed_while_away_are_recovered_with_get_changes()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bobId = TestIds.User("bob");
        var (bob, gate) = await HeldReconnectsAsync(bobId);
        var first = await alice.SendPrivateMessageAsync(bobId, "draft");
        var second = await alice.SendPrivateMessageAsync(bobId, "regret");
        await Eventually.ProbeAsync(() => Task.FromResult(bob.GetLastConversationSeq(first.ConversationId)), seq => seq == second.Seq, "both messages at bob");
        var edits = new EventLog<MessageEditedEvent>();
        var deletes = new EventLog<MessageDeletedEvent>();
        var recoveries = new EventLog<RecoveredEvent>();
        bob.MessageEdited += edits.Handler;
        bob.MessageDeleted += deletes.Handler;
        bob.Recovered += recoveries.Handler;

        gate.Hold();
        bob.AbortTransportForTesting();
        await alice.EditMessageAsync(ChatScope.Conversation(bobId), first.Seq, "final");
        await alice.DeleteMessageAsync(ChatScope.Conversation(bobId), second.Seq);
        gate.Release();

        var conversation = Assert.Single((await recoveries.WaitUntilAsync(r => r.Count == 1, "recovered"))[0].Conversations);
        Assert.Equal((first.ConversationId, true, 2), (conversation.ConversationId, conversation.Recovered, conversation.Changes));
        var edit = Assert.Single(edits.Received);
        Assert.Equal((first.ConversationId, first.Seq, "final", 1L, true), (edit.ConversationId, edit.Seq, edit.Content, edit.ChangeSeq, edit.Recovered));
        Assert.Equal((second.Seq, 2L), (Assert.Single(deletes.Received).Seq, deletes.Received[0].ChangeSeq));
        Assert.Equal(2, bob.GetLastConversationChangeSeq(first.ConversationId));
    }

    /// <summary>A connected client whose reconnects wait while the gate is held.</summary>
    private async Task<(ChatClient Client, ReconnectGate Gate)> HeldReconnectsAsync(string userId)
    {
        var gate = new ReconnectGate();
        var token = await Server.DevTokenAsync(userId);
        var client = NewClient(userId, options => options with { TokenProvider = async _ => { await gate.WaitAsync(); return token; } });
        await client.ConnectAsync();
        await client.PingAsync();
        return (client, gate);
    }

    private sealed class ReconnectGate
    {
        private volatile TaskCompletionSource _open = Opened();

        public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _open.TrySetResult();

        public Task WaitAsync() => _open.Task;

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
