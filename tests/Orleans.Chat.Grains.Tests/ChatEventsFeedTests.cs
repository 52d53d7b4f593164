using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;
using Orleans.Streams;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// The chat-events feed as a backend consumer on a cluster client sees it: every stored write once,
/// in each scope's order, with its seq; nothing for refusals or live-only events.
/// </summary>
[Collection(ChatEventsClusterCollection.Name)]
public sealed class ChatEventsFeedTests(ChatEventsChatCluster fixture)
{
    private static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(300);

    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_consumer_of_all_partitions_gets_each_stored_write_once_in_scope_order()
    {
        await using var feed = await ChatEventRecorder.SubscribeAsync(_client);
        var (owner, alice, bob, stranger) = (TestIds.UserRef("owner"), TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("stranger"));
        var (roomAId, roomBId) = (TestIds.Room(), TestIds.Room());
        var (roomA, roomB) = (_client.GetGrain<IRoomGrain>(roomAId), _client.GetGrain<IRoomGrain>(roomBId));

        Assert.Equal(ChatError.None, (await roomA.Create(new CreateRoomRequest { Owner = owner, Visibility = RoomVisibility.Public })).Error);
        Assert.Equal(ChatError.None, (await roomA.Join(new JoinRoomRequest { User = alice })).Error);
        Assert.Equal(ChatError.None, (await roomA.Join(new JoinRoomRequest { User = bob })).Error);
        var first = await roomA.Send(new SendMessageRequest { Sender = alice, Content = "one" });
        var second = await roomA.Send(new SendMessageRequest { Sender = bob, Content = "two" });

        // Refused, and live-only: none of these is stored, so none is published.
        Assert.Equal(ChatError.NotInRoom, (await roomA.Send(new SendMessageRequest { Sender = stranger, Content = "let me in" })).Error);
        Assert.Equal(ChatError.None, await roomA.SetTyping(alice, typing: true));
        Assert.Equal(ChatError.None, await roomA.Relay(alice, new AppRoomEvent { Name = "poke", DataJson = "null" }));
        Assert.Equal(ChatError.NotAllowed, (await roomA.Edit(new EditMessageRequest { User = alice, Seq = second.Seq, Content = "not mine" })).Error);

        var edit = await roomA.Edit(new EditMessageRequest { User = alice, Seq = first.Seq, Content = "one, edited" });
        var delete = await roomA.Delete(new DeleteMessageRequest { User = bob, Seq = second.Seq });
        Assert.Equal(ChatError.None, (await roomA.Delete(new DeleteMessageRequest { User = bob, Seq = second.Seq })).Error); // a repeat changes nothing
        Assert.Equal(ChatError.None, await roomA.Leave(bob.Id));
        Assert.Equal(ChatError.None, await roomA.Kick(owner.Id, alice.Id));

        Assert.Equal(ChatError.None, (await roomB.Join(new JoinRoomRequest { User = alice })).Error);
        var batch = await roomB.SendBatch(
        [
            new SendMessageRequest { Sender = alice, Content = "b1" },
            new SendMessageRequest { Sender = stranger, Content = "refused" },
            new SendMessageRequest { Sender = alice, Content = "b2" },
        ]);
        Assert.Equal([ChatError.None, ChatError.NotInRoom, ChatError.None], batch.Select(r => r.Error));

        var conversationId = ConversationIds.For(alice.Id, bob.Id);
        var conversation = _client.GetGrain<IConversationGrain>(conversationId);
        var dm1 = await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = bob.Id, Content = "hi bob" });
        var dm2 = await conversation.Send(new SendPrivateMessageRequest { Sender = bob, RecipientId = alice.Id, Content = "hi alice" });
        var dmEdit = await conversation.Edit(new EditMessageRequest { User = bob, Seq = dm2.Seq, Content = "hello alice" });
        var dmDelete = await conversation.Delete(new DeleteMessageRequest { User = alice, Seq = dm1.Seq });

        var a = await feed.WaitForAsync(roomAId, 9);
        var b = await feed.WaitForAsync(roomBId, 3);
        var c = await feed.WaitForAsync(conversationId, 4);
        await feed.AssertNothingMoreWithinAsync(QuietWindow);

        Assert.Equal(
            [
                (ChatEventKind.MemberJoined, 0L, owner.Id), (ChatEventKind.MemberJoined, 0L, alice.Id), (ChatEventKind.MemberJoined, 0L, bob.Id),
                (ChatEventKind.RoomMessage, 1L, alice.Id), (ChatEventKind.RoomMessage, 2L, bob.Id),
                (ChatEventKind.MessageEdited, 1L, alice.Id), (ChatEventKind.MessageDeleted, 2L, bob.Id),
                (ChatEventKind.MemberLeft, 2L, bob.Id), (ChatEventKind.MemberRemoved, 2L, alice.Id),
            ],
            a.Select(e => (e.Kind, e.Seq, e.UserId)));
        Assert.All(a, e => Assert.Equal(ChatEventScope.Room, e.Scope));
        Assert.Equal([first.MessageId, second.MessageId], a.Where(e => e.Kind == ChatEventKind.RoomMessage).Select(e => e.RoomMessage!.Id));
        Assert.Equal(first.Timestamp, a[3].Timestamp);
        Assert.Equal(edit.Change, a[5].Change);
        Assert.Equal(delete.Change, a[6].Change);
        Assert.Equal((first.Seq, "one, edited"), (a[5].Change!.Seq, a[5].Change!.Content));
        Assert.Equal(owner.Id, a[8].ByUserId);

        Assert.Equal(
            [(ChatEventKind.MemberJoined, 0L, null), (ChatEventKind.RoomMessage, 1L, "b1"), (ChatEventKind.RoomMessage, 2L, "b2")],
            b.Select(e => (e.Kind, e.Seq, e.RoomMessage?.Content)));
        Assert.Equal([batch[0].MessageId, batch[2].MessageId], b.Skip(1).Select(e => e.RoomMessage!.Id));

        Assert.Equal(
            [(ChatEventKind.PrivateMessage, 1L), (ChatEventKind.PrivateMessage, 2L), (ChatEventKind.MessageEdited, 1L), (ChatEventKind.MessageDeleted, 2L)],
            c.Select(e => (e.Kind, e.Seq)));
        Assert.All(c, e => Assert.Equal(ChatEventScope.Conversation, e.Scope));
        Assert.Equal((dm1.MessageId, alice.Id, bob.Id), (c[0].PrivateMessage!.Id, c[0].UserId, c[0].PrivateMessage!.ToUserId));
        Assert.Equal((dm2.MessageId, bob.Id), (c[1].PrivateMessage!.Id, c[1].UserId));
        Assert.Equal((dmEdit.Change, bob.Id), (c[2].Change, c[2].UserId));
        Assert.Equal((dmDelete.Change, alice.Id), (c[3].Change, c[3].UserId));
    }

    [Fact]
    public async Task A_burst_of_sends_and_batches_arrives_complete_and_in_seq_order()
    {
        // Events stored while a send to the queue is in flight go out together: this makes batches.
        await using var feed = await ChatEventRecorder.SubscribeAsync(_client);
        var user = TestIds.UserRef();
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        await room.Join(new JoinRoomRequest { User = user });

        var sends = Enumerable.Range(0, 40).Select(i => room.Send(new SendMessageRequest { Sender = user, Content = $"burst {i}" }));
        var batches = Enumerable.Range(0, 4).Select(i => room.SendBatch(
            [.. Enumerable.Range(0, 10).Select(j => new SendMessageRequest { Sender = user, Content = $"batch {i}.{j}" })]));
        await Task.WhenAll(Task.WhenAll(sends), Task.WhenAll(batches));

        var events = await feed.WaitForAsync(roomId, 81);
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), events.Skip(1).Select(e => e.Seq));
        Assert.All(events.Skip(1), e => Assert.Equal((ChatEventKind.RoomMessage, e.Seq), (e.Kind, e.RoomMessage!.Seq)));
        await feed.AssertNothingMoreWithinAsync(QuietWindow);
    }

    [Fact]
    public async Task Each_scope_travels_on_its_partition_stream()
    {
        var roomId = TestIds.Room();
        var partition = ChatStreams.PartitionOf(roomId);
        var received = new EventLog<(int Partition, ChatEvent Event)>();
        var provider = _client.GetStreamProvider(ChatStreams.ProviderName);
        var subscriptions = new List<StreamSubscriptionHandle<ChatEvent>>();
        for (var i = 0; i < ChatStreams.ChatEventPartitions; i++)
        {
            var index = i;
            subscriptions.Add(await provider.GetStream<ChatEvent>(ChatStreams.ChatEventPartition(i)).SubscribeAsync((ChatEvent e, StreamSequenceToken? _) =>
            {
                if (e.ScopeId == roomId)
                {
                    received.Add((index, e));
                }

                return Task.CompletedTask;
            }));
        }

        var user = TestIds.UserRef();
        await _client.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(_client.GetGrain<IRoomGrain>(roomId), user, 3);

        var events = await received.WaitUntilAsync(all => all.Count >= 4, "the room's 4 events");
        Assert.All(events, e => Assert.Equal(partition, e.Partition));
        foreach (var subscription in subscriptions)
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
