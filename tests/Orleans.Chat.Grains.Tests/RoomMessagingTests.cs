using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

[Collection(StandardClusterCollection.Name)]
public sealed class RoomMessagingTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Concurrent_senders_get_gap_free_unique_seqs()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var senders = Enumerable.Range(0, 5).Select(_ => TestIds.UserRef()).ToList();
        foreach (var sender in senders)
        {
            await room.Join(new JoinRoomRequest { User = sender });
        }

        var sends = senders.SelectMany(sender => Enumerable.Range(0, 40).Select(i =>
            room.Send(new SendMessageRequest { Sender = sender, Content = $"{sender.Id} #{i}", ClientMsgId = $"c{i}" })));
        var results = await Task.WhenAll(sends);

        Assert.All(results, result => Assert.Equal(ChatError.None, result.Error));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results.Select(result => result.Seq).Order());
        Assert.Equal(200, results.Select(result => result.MessageId).Distinct().Count());

        var history = await room.GetHistory(new HistoryRequest { UserId = senders[0].Id, Limit = 100 });
        Assert.Equal(200, history.LastSeq);
        Assert.Equal(Enumerable.Range(171, 30).Select(i => (long)i), history.Messages.Select(message => message.Seq));
    }

    [Fact]
    public async Task Repeated_client_msg_id_returns_the_first_message_and_is_stored_once()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var sender = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = sender });

        var first = await room.Send(new SendMessageRequest { Sender = sender, Content = "hello", ClientMsgId = "once" });
        var again = await room.Send(new SendMessageRequest { Sender = sender, Content = "hello", ClientMsgId = "once" });
        var other = await room.Send(new SendMessageRequest { Sender = sender, Content = "next", ClientMsgId = "twice" });

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal((first.MessageId, first.Seq, first.Timestamp), (again.MessageId, again.Seq, again.Timestamp));
        Assert.Equal(2, other.Seq);

        var history = await room.GetHistory(new HistoryRequest { UserId = sender.Id });
        Assert.Equal(["hello", "next"], history.Messages.Select(message => message.Content));
    }

    [Fact]
    public async Task Same_client_msg_id_from_another_sender_is_a_new_message()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        await room.Join(new JoinRoomRequest { User = alice });
        await room.Join(new JoinRoomRequest { User = bob });

        var fromAlice = await room.Send(new SendMessageRequest { Sender = alice, Content = "a", ClientMsgId = "same" });
        var fromBob = await room.Send(new SendMessageRequest { Sender = bob, Content = "b", ClientMsgId = "same" });

        Assert.False(fromBob.Duplicate);
        Assert.Equal(fromAlice.Seq + 1, fromBob.Seq);
    }

    [Fact]
    public async Task Non_members_cannot_send_unless_the_server_bypasses_membership()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var (member, stranger) = (TestIds.UserRef(), TestIds.UserRef());
        await room.Join(new JoinRoomRequest { User = member });

        var refused = await room.Send(new SendMessageRequest { Sender = stranger, Content = "hi" });
        var bypassed = await room.Send(new SendMessageRequest { Sender = stranger, Content = "hi", BypassMembership = true });
        var empty = await room.Send(new SendMessageRequest { Sender = member, Content = "  " });

        Assert.Equal(ChatError.NotInRoom, refused.Error);
        Assert.Equal((ChatError.None, 1L), (bypassed.Error, bypassed.Seq));
        Assert.Equal(ChatError.InvalidFormat, empty.Error);
    }

    [Fact]
    public async Task History_pages_by_before_and_after_seq()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 25);

        static long[] Seqs(HistoryResult result) => [.. result.Messages.Select(message => message.Seq)];
        static long[] Range(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => (long)i)];

        Assert.Equal(Range(16, 25), Seqs(await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 10 })));
        Assert.Equal(Range(6, 15), Seqs(await room.GetHistory(new HistoryRequest { UserId = user.Id, BeforeSeq = 16, Limit = 10 })));
        Assert.Equal(Range(6, 8), Seqs(await room.GetHistory(new HistoryRequest { UserId = user.Id, AfterSeq = 5, Limit = 3 })));
        Assert.Equal(Range(6, 7), Seqs(await room.GetHistory(new HistoryRequest { UserId = user.Id, AfterSeq = 5, BeforeSeq = 8, Limit = 10 })));
        Assert.Equal(Range(25, 25), Seqs(await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 0 })));
        Assert.Equal(Range(1, 25), Seqs(await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 1000 })));
        Assert.Empty(Seqs(await room.GetHistory(new HistoryRequest { UserId = user.Id, AfterSeq = 25 })));

        var stranger = await room.GetHistory(new HistoryRequest { UserId = TestIds.UserRef().Id });
        var repair = await room.GetHistory(new HistoryRequest { UserId = "gateway", AfterSeq = 20, BypassMembership = true });
        Assert.Equal(ChatError.NotInRoom, stranger.Error);
        Assert.Equal(25, repair.LastSeq);
        Assert.Equal(Range(21, 25), Seqs(repair));
    }

    [Fact]
    public async Task Retention_keeps_the_newest_messages_and_recovery_reports_losses()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 75);

        var history = await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 100 });
        Assert.Equal(Enumerable.Range(46, 30).Select(i => (long)i), history.Messages.Select(message => message.Seq));

        var recent = await room.Join(new JoinRoomRequest { User = user, RecentLimit = 5 });
        Assert.Equal([71L, 72, 73, 74, 75], recent.RecentMessages.Select(message => message.Seq));
        Assert.Null(recent.Recovered);
        Assert.False(recent.NewMember);

        var recovered = await room.Join(new JoinRoomRequest { User = user, SinceSeq = 50 });
        Assert.True(recovered.Recovered);
        Assert.Equal(Enumerable.Range(51, 25).Select(i => (long)i), recovered.RecentMessages.Select(message => message.Seq));

        var edge = await room.Join(new JoinRoomRequest { User = user, SinceSeq = 45 });
        Assert.True(edge.Recovered);
        Assert.Equal(30, edge.RecentMessages.Count);

        var lost = await room.Join(new JoinRoomRequest { User = user, SinceSeq = 10 });
        Assert.False(lost.Recovered);
        Assert.Equal(Enumerable.Range(46, 30).Select(i => (long)i), lost.RecentMessages.Select(message => message.Seq));

        // A client ahead of the room saw seqs the room never had (its history was lost): not recovered.
        var ahead = await room.Join(new JoinRoomRequest { User = user, SinceSeq = 100 });
        Assert.False(ahead.Recovered);
        Assert.Equal(Enumerable.Range(46, 30).Select(i => (long)i), ahead.RecentMessages.Select(message => message.Seq));
        Assert.Equal(75, ahead.LastSeq);
    }

    [Fact]
    public async Task Join_with_since_seq_recovers_every_later_message()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var (reader, writer) = (TestIds.UserRef("reader"), TestIds.UserRef("writer"));
        await room.Join(new JoinRoomRequest { User = reader });
        await room.Join(new JoinRoomRequest { User = writer });
        await RoomMessages.SendAsync(room, writer, 12);

        var fromScratch = await room.Join(new JoinRoomRequest { User = reader, SinceSeq = 0, RecentLimit = 1 });
        var resumed = await room.Join(new JoinRoomRequest { User = reader, SinceSeq = 9 });
        var upToDate = await room.Join(new JoinRoomRequest { User = reader, SinceSeq = 12 });

        Assert.Equal((true, 12), (fromScratch.Recovered, fromScratch.RecentMessages.Count));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), fromScratch.RecentMessages.Select(message => message.Seq));
        Assert.True(resumed.Recovered);
        Assert.Equal([10L, 11, 12], resumed.RecentMessages.Select(message => message.Seq));
        Assert.Equal((true, 0, 12L), (upToDate.Recovered, upToDate.RecentMessages.Count, upToDate.LastSeq));
    }

    [Fact]
    public async Task Retention_window_is_also_the_dedupe_window()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        var first = await room.Send(new SendMessageRequest { Sender = user, Content = "first", ClientMsgId = "early" });
        await RoomMessages.SendAsync(room, user, StandardChatCluster.HistoryPerRoom);

        var resent = await room.Send(new SendMessageRequest { Sender = user, Content = "first", ClientMsgId = "early" });

        Assert.False(resent.Duplicate);
        Assert.Equal(first.Seq + StandardChatCluster.HistoryPerRoom + 1, resent.Seq);
    }
}
