using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Several messages stored and pushed in one call (what gateways send under load).</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RoomBatchSendTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_batch_gets_consecutive_seqs_in_order_and_is_pushed_in_one_call_across_a_page_boundary()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var (alice, stranger) = (TestIds.UserRef("alice"), TestIds.UserRef("stranger"));
        await room.Join(new JoinRoomRequest { User = alice });
        await RoomMessages.SendAsync(room, alice, 7);
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);

        var results = await room.SendBatch(
        [
            .. Enumerable.Range(8, 6).Select(i => new SendMessageRequest { Sender = alice, Content = $"m{i}", ClientMsgId = $"b{i}" }),
            new SendMessageRequest { Sender = stranger, Content = "refused" },
            new SendMessageRequest { Sender = alice, Content = "m8 again", ClientMsgId = "b8" },
            new SendMessageRequest { Sender = alice, Content = "   " },
        ]);

        Assert.Equal([8L, 9, 10, 11, 12, 13], results.Take(6).Select(result => result.Seq));
        Assert.All(results.Take(6), result => Assert.Equal((ChatError.None, false), (result.Error, result.Duplicate)));
        Assert.Equal(ChatError.NotInRoom, results[6].Error);
        Assert.Equal((true, 8L, results[0].MessageId), (results[7].Duplicate, results[7].Seq, results[7].MessageId));
        Assert.Equal(ChatError.InvalidFormat, results[8].Error);

        var pushed = await events.WaitUntilAsync(all => all.Count >= 6);
        Assert.Equal([8L, 9, 10, 11, 12, 13], pushed.Select(e => e.Seq));
        Assert.All(pushed, e => Assert.Equal(RoomEventKind.Message, e.Kind));
        Assert.Equal(1, events.Batches);

        // Seqs 8..13 span pages 0 and 1 (10 per page): both were written.
        await fixture.Cluster.DeactivateAsync(room);
        var history = await room.GetHistory(new HistoryRequest { UserId = alice.Id, Limit = 100 });
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), history.Messages.Select(message => message.Seq));
        Assert.Equal(14, (await room.Send(new SendMessageRequest { Sender = alice, Content = "next" })).Seq);
    }

    [Fact]
    public async Task A_batch_whose_second_page_fails_keeps_the_first_and_marks_the_rest_unavailable()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var alice = TestIds.UserRef("alice");
        await room.Join(new JoinRoomRequest { User = alice });
        await RoomMessages.SendAsync(room, alice, 8);

        await StorageFaults.FailNextWriteAsync(_client, "history-1", room);
        var results = await room.SendBatch([.. Enumerable.Range(9, 4).Select(i => new SendMessageRequest { Sender = alice, Content = $"m{i}", ClientMsgId = $"p{i}" })]);

        Assert.Equal([ChatError.None, ChatError.None, ChatError.Unavailable, ChatError.Unavailable], results.Select(result => result.Error));
        var retried = await room.SendBatch([.. Enumerable.Range(9, 4).Select(i => new SendMessageRequest { Sender = alice, Content = $"m{i}", ClientMsgId = $"p{i}" })]);
        Assert.Equal([(9L, true), (10L, true), (11L, false), (12L, false)], retried.Select(result => (result.Seq, result.Duplicate)));
        var history = await room.GetHistory(new HistoryRequest { UserId = alice.Id, Limit = 100 });
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), history.Messages.Select(message => message.Seq));
    }

    [Fact]
    public async Task A_batch_whose_first_page_write_fails_throws_and_stores_nothing()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var alice = TestIds.UserRef("alice");
        await room.Join(new JoinRoomRequest { User = alice });

        await StorageFaults.FailNextWriteAsync(_client, "history-0", room);
        await Assert.ThrowsAnyAsync<Exception>(() => room.SendBatch([new SendMessageRequest { Sender = alice, Content = "a" }, new SendMessageRequest { Sender = alice, Content = "b" }]));

        Assert.Equal(1, (await room.Send(new SendMessageRequest { Sender = alice, Content = "c" })).Seq);
    }
}
