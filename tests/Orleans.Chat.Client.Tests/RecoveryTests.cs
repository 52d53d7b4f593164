using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Connections cut in the middle of a conversation: no message lost, none duplicated.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class RecoveryTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Server_side_drops_while_a_conversation_goes_on_deliver_every_seq_exactly_once_in_order()
    {
        const int Drops = 3;
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        await alice.JoinRoomAsync(roomId);
        await bob.JoinRoomAsync(roomId);
        var bobSeen = new EventLog<ChatMessage>();
        var recoveries = new EventLog<RecoveredEvent>();
        var states = new EventLog<ConnectionState>();
        bob.NewMessage += bobSeen.Handler;
        bob.Recovered += recoveries.Handler;
        bob.StateChanged += states.Handler;

        // Alice keeps sending the whole time, so live messages race each of Bob's re-joins.
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            var acks = new List<MessageAck>();
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                acks.Add(await alice.SendMessageAsync(roomId, $"n{n}"));
            }

            return acks;
        });

        for (var drop = 1; drop <= Drops; drop++)
        {
            await bobSeen.WaitUntilAsync(m => m.Count >= drop * 30, $"messages before drop {drop}");
            Assert.Equal(1, ServerSessions.AbortAll(Server, UserIdOf(bob), "test: server drops the connection"));
            await recoveries.WaitUntilAsync(r => r.Count == drop, $"recovery {drop}");
        }

        var afterLastDrop = bobSeen.Count;
        await bobSeen.WaitUntilAsync(m => m.Count >= afterLastDrop + 20, "live messages after the last recovery");
        await stop.CancelAsync();
        var sent = await sending;
        await bobSeen.WaitUntilAsync(m => m.Count > 0 && m[^1].Seq >= sent.Count, "every message at bob");
        await bobSeen.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));

        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => (long)i), sent.Select(a => a.Seq));
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => (long)i), bobSeen.Received.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => $"n{i}"), bobSeen.Received.Select(m => m.Content));
        var rooms = recoveries.Received.Select(r => Assert.Single(r.Rooms)).ToList();
        Assert.All(rooms, r => Assert.True(r.Recovered && r.RoomId == roomId && r.Error is null));
        Assert.True(rooms.Sum(r => r.Missed) > 0, "some messages were sent while bob was away");
        Assert.Equal(
            Enumerable.Repeat(new[] { ConnectionState.Reconnecting, ConnectionState.Connected }, Drops).SelectMany(s => s),
            states.Received);
        Assert.Equal(sent.Count, bob.GetLastSeq(roomId));
    }

    [Fact]
    public async Task A_recovery_longer_than_one_join_page_fetches_the_rest_and_gives_each_seq_once()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        await alice.JoinRoomAsync(roomId);
        await bob.JoinRoomAsync(roomId);
        var bobSeen = new EventLog<ChatMessage>();
        var recoveries = new EventLog<RecoveredEvent>();
        bob.NewMessage += bobSeen.Handler;
        bob.Recovered += recoveries.Handler;
        await alice.SendMessageAsync(roomId, "m1");
        await bobSeen.WaitUntilAsync(m => m.Count == 1, "the first message");

        // Bob stops reading, misses four join pages and a bit, then his connection dies.
        bob.PauseReceivingForTesting();
        var total = 1 + (ClientGatewayFixture.RecoveryBatch * 4) + 3;
        for (var n = 2; n <= total; n++)
        {
            await alice.SendMessageAsync(roomId, $"m{n}");
        }

        bob.AbortTransportForTesting();
        var recovery = Assert.Single((await recoveries.WaitUntilAsync(r => r.Count == 1, "the recovery")).Single().Rooms);
        await bobSeen.WaitUntilAsync(m => m.Count >= total, "every message at bob");
        await alice.SendMessageAsync(roomId, "live");
        await bobSeen.WaitUntilAsync(m => m.Count == total + 1, "the live message after the recovery");

        Assert.True(recovery.Recovered);
        Assert.Equal(total - 1, recovery.Missed);
        Assert.Equal(Enumerable.Range(1, total + 1).Select(i => (long)i), bobSeen.Received.Select(m => m.Seq));
    }

    [Fact]
    public async Task Unacked_sends_in_the_outbox_are_resent_after_a_client_side_drop_and_stored_once()
    {
        var roomId = TestIds.Room();
        var observer = await ConnectedAsync(TestIds.User("observer"));
        var sender = await ConnectedAsync(TestIds.User("sender"));
        await observer.JoinRoomAsync(roomId);
        await sender.JoinRoomAsync(roomId);
        var observed = new EventLog<ChatMessage>();
        var senderSeen = new EventLog<ChatMessage>();
        var states = new EventLog<ConnectionState>();
        observer.NewMessage += observed.Handler;
        sender.NewMessage += senderSeen.Handler;
        sender.StateChanged += states.Handler;

        // The sender stops reading: the server stores its messages, but it never sees the acks.
        sender.PauseReceivingForTesting();
        var beforeDrop = Enumerable.Range(1, 10).Select(i => sender.SendMessageAsync(roomId, $"m{i}")).ToList();
        await observed.WaitUntilAsync(m => m.Count == 10, "the first ten messages stored");
        Assert.All(beforeDrop, send => Assert.False(send.IsCompleted));

        sender.AbortTransportForTesting();
        await states.WaitForAsync(s => s == ConnectionState.Reconnecting, "reconnecting");
        // Sent while disconnected: queued until the connection is back.
        var whileAway = Enumerable.Range(11, 5).Select(i => sender.SendMessageAsync(roomId, $"m{i}")).ToList();
        var acks = await Task.WhenAll(beforeDrop.Concat(whileAway));

        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), acks.Select(a => a.Seq));
        Assert.Equal(observed.Received.Take(10).Select(m => m.Id), acks.Take(10).Select(a => a.MessageId));
        await observed.WaitUntilAsync(m => m.Count >= 15, "all fifteen messages at the observer");
        await senderSeen.WaitUntilAsync(m => m.Count >= 15, "all fifteen messages at the sender");
        await observed.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));
        await senderSeen.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));

        var expected = Enumerable.Range(1, 15).Select(i => $"m{i}").ToList();
        Assert.Equal(expected, observed.Received.Select(m => m.Content));
        Assert.Equal(expected, senderSeen.Received.Select(m => m.Content));
        var history = await observer.GetHistoryAsync(roomId);
        Assert.Equal(expected, history.Messages.Select(m => m.Content));
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), history.Messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task An_unacked_private_message_is_resent_after_a_drop_and_delivered_once()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var received = new EventLog<PrivateMessage>();
        bob.PrivateMessage += received.Handler;

        alice.PauseReceivingForTesting();
        var sent = alice.SendPrivateMessageAsync(UserIdOf(bob), "just once");
        await received.WaitUntilAsync(m => m.Count == 1, "the private message at bob");
        alice.AbortTransportForTesting();
        var ack = await sent;
        await received.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));

        var message = Assert.Single(received.Received);
        Assert.Equal(ack.MessageId, message.Id);
    }

    [Fact]
    public async Task The_chosen_status_is_restored_after_a_reconnect()
    {
        var roomId = TestIds.Room();
        // A reconnect delay, so that the gateway sees the old connection go before the new one comes.
        var alice = await ConnectedAsync(TestIds.User("alice"), options => options with
        {
            Reconnect = new ReconnectOptions { MinDelay = TimeSpan.FromMilliseconds(300), Jitter = 0 },
        });
        var bob = await ConnectedAsync(TestIds.User("bob"));
        await alice.JoinRoomAsync(roomId);
        await bob.JoinRoomAsync(roomId);
        var statuses = new EventLog<PresenceStatus>();
        bob.PresenceUpdate += (_, e) =>
        {
            if (e.UserId == UserIdOf(alice))
            {
                statuses.Add(e.Status);
            }
        };
        var recoveries = new EventLog<RecoveredEvent>();
        alice.Recovered += recoveries.Handler;
        await alice.UpdateStatusAsync(PresenceStatus.Busy);
        await statuses.WaitUntilAsync(s => s.Count == 1, "busy at bob");

        alice.AbortTransportForTesting();

        var room = Assert.Single((await recoveries.WaitUntilAsync(r => r.Count == 1, "recovered"))[0].Rooms);
        Assert.Equal(PresenceStatus.Busy, room.Members!.Single(m => m.UserId == UserIdOf(alice)).Status);
        await statuses.WaitUntilAsync(s => s.Count == 4, "offline, online and busy again");
        Assert.Equal([PresenceStatus.Busy, PresenceStatus.Offline, PresenceStatus.Online, PresenceStatus.Busy], statuses.Received);
    }

    [Fact]
    public async Task After_the_last_reconnect_attempt_fails_queued_requests_fail_with_disconnected()
    {
        var userId = TestIds.User();
        var token = await Server.DevTokenAsync(userId);
        var calls = 0;
        // A valid token first, then bad ones: every reconnect attempt fails.
        var client = NewClient(userId, options => options with
        {
            TokenProvider = _ => ValueTask.FromResult(Interlocked.Increment(ref calls) == 1 ? token : "expired"),
            Reconnect = new ReconnectOptions { MaxAttempts = 2, MinDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(20) },
        });
        var states = new EventLog<ConnectionState>();
        client.StateChanged += states.Handler;
        await client.ConnectAsync();

        client.AbortTransportForTesting();
        await states.WaitForAsync(s => s == ConnectionState.Reconnecting, "reconnecting");
        var queued = client.PingAsync();

        Assert.Equal(ChatErrorCodes.Disconnected, (await Assert.ThrowsAsync<ChatException>(() => queued)).Code);
        await states.WaitUntilAsync(s => s[^1] == ConnectionState.Disconnected, "gave up");
        Assert.Equal(ConnectionState.Disconnected, client.State);
        Assert.Equal(3, Volatile.Read(ref calls));
    }
}
