using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>
/// The gateway's view of one room against a fake room grain: every call completes at once, so
/// each step below has fully happened when it returns and "not delivered" means never delivered.
/// </summary>
public sealed class RoomTopicTests
{
    private readonly FakeRoom _room = new();
    private readonly RoomTopic _topic;

    public RoomTopicTests() => _topic = new RoomTopic("room-1", "gateway-1", FakeGrainFactory.For(_room.Grain), NullLogger.Instance);

    [Fact]
    public async Task Live_messages_reach_every_session_once_in_seq_order()
    {
        var alice = await AddAsync("alice", cursor: 0);
        var bob = await AddAsync("bob", cursor: 0);

        await PushAsync(1, 2);
        await PushAsync(2, 1); // duplicates: a push retried, a repair that raced the push

        Assert.Equal([1, 2], alice.MessageSeqs);
        Assert.Equal([1, 2], bob.MessageSeqs);
        Assert.Empty(_room.HistoryRequests);
    }

    [Fact]
    public async Task A_gap_is_filled_from_history_before_the_message_that_revealed_it()
    {
        var alice = await AddAsync("alice", cursor: 0);
        await PushAsync(1);

        await PushAsync(4); // 2 and 3 were lost on the way

        Assert.Equal([1, 2, 3, 4], alice.MessageSeqs);
        var request = Assert.Single(_room.HistoryRequests);
        Assert.Equal(1, request.AfterSeq);
        Assert.Equal(2, request.Limit);
        Assert.True(request.BypassMembership);
    }

    [Fact]
    public async Task One_history_read_repairs_every_session_behind()
    {
        var alice = await AddAsync("alice", cursor: 0);
        var bob = await AddAsync("bob", cursor: 2);

        await PushAsync(5);

        Assert.Equal([1, 2, 3, 4, 5], alice.MessageSeqs);
        Assert.Equal([3, 4, 5], bob.MessageSeqs);
        Assert.Single(_room.HistoryRequests);
    }

    [Fact]
    public async Task A_long_gap_is_read_in_pages_up_to_a_cap()
    {
        var alice = await AddAsync("alice", cursor: 0);

        await PushAsync(5000);

        // 20 pages of 100, then the live message: the client pages the rest of the gap from history.
        Assert.Equal(20, _room.HistoryRequests.Count);
        long[] expected = [.. Enumerable.Range(1, 2000).Select(seq => (long)seq), 5000];
        Assert.Equal(expected, alice.MessageSeqs);
    }

    [Fact]
    public async Task Messages_lost_to_retention_are_skipped()
    {
        var alice = await AddAsync("alice", cursor: 0);
        await PushAsync(1);
        _room.RetainFrom = 5;

        await PushAsync(7);

        Assert.Equal([1, 5, 6, 7], alice.MessageSeqs);
    }

    [Fact]
    public async Task A_failed_repair_still_delivers_the_live_message_and_a_later_gap_is_repaired()
    {
        var alice = await AddAsync("alice", cursor: 0);
        await PushAsync(1);
        _room.HistoryFails = true;

        await PushAsync(3);
        Assert.Equal([1, 3], alice.MessageSeqs); // the client sees the gap in seqs and reads history

        _room.HistoryFails = false;
        await PushAsync(5);
        Assert.Equal([1, 3, 4, 5], alice.MessageSeqs);
    }

    [Fact]
    public async Task A_session_in_a_join_gets_no_live_message_until_the_join_completes_then_catches_up()
    {
        var alice = await AddAsync("alice", cursor: 0);
        var bob = await AddAsync("bob", cursor: 0);
        await PushAsync(1, 2);

        Assert.Equal((1L, 2L), await _topic.TryBeginJoinAsync(alice.Session));
        await PushAsync(3, 4);
        Assert.Equal([1, 2], alice.MessageSeqs);
        Assert.Equal([1, 2, 3, 4], bob.MessageSeqs);

        // The join answered up to 2; the rest comes after its ack, from history.
        Assert.True(await _topic.TryAddAsync(alice.Session, cursor: 2, completesJoin: true));
        Assert.Equal([1, 2, 3, 4], alice.MessageSeqs);

        await PushAsync(5);
        Assert.Equal([1, 2, 3, 4, 5], alice.MessageSeqs);
    }

    [Fact]
    public async Task A_join_whose_answer_already_had_the_messages_delivers_none_twice()
    {
        var alice = await AddAsync("alice", cursor: 0);
        await PushAsync(1);
        await _topic.TryBeginJoinAsync(alice.Session);
        await PushAsync(2, 3);

        Assert.True(await _topic.TryAddAsync(alice.Session, cursor: 3, completesJoin: true));

        Assert.Equal([1], alice.MessageSeqs);
        Assert.Empty(_room.HistoryRequests);
    }

    [Fact]
    public async Task A_session_registered_after_its_join_call_gets_the_messages_in_between()
    {
        await AddAsync("bob", cursor: 0);
        await PushAsync(1, 2, 3);

        var alice = new RecordingSession("alice");
        Assert.Equal((0L, 0L), await _topic.TryBeginJoinAsync(alice.Session));
        Assert.True(await _topic.TryAddAsync(alice.Session, cursor: 1, completesJoin: true));

        Assert.Equal([2, 3], alice.MessageSeqs);
    }

    [Fact]
    public async Task A_push_that_adds_a_joining_session_waits_for_its_join_so_nothing_comes_before_the_ack()
    {
        await AddAsync("bob", cursor: 0);
        await PushAsync(1);
        var alice = new RecordingSession("alice");
        await _topic.TryBeginJoinAsync(alice.Session);

        // The user's RoomJoined push overtakes the join's answer and adds the session without a baseline.
        Assert.True(await _topic.TryAddAsync(alice.Session, RoomSubscriber.NoBaseline, completesJoin: false));
        await PushAsync(2, 3);
        Assert.Empty(alice.MessageSeqs);

        // The join answered up to 2: after its ack, 3 comes from history, then live messages.
        Assert.True(await _topic.TryAddAsync(alice.Session, cursor: 2, completesJoin: true));
        await PushAsync(4);
        Assert.Equal([3, 4], alice.MessageSeqs);
    }

    [Fact]
    public async Task A_joining_session_a_push_added_is_still_added_when_its_join_fails_here()
    {
        await AddAsync("bob", cursor: 0);
        await PushAsync(1);
        var alice = new RecordingSession("alice");
        await _topic.TryBeginJoinAsync(alice.Session);
        Assert.True(await _topic.TryAddAsync(alice.Session, RoomSubscriber.NoBaseline, completesJoin: false));

        await _topic.AbandonJoinAsync(alice.Session);
        await PushAsync(2);

        Assert.Equal([2], alice.MessageSeqs);
    }

    [Fact]
    public async Task A_session_with_no_baseline_starts_at_what_the_gateway_has_seen()
    {
        await AddAsync("bob", cursor: 0);
        await PushAsync(1, 2);

        var alice = await AddAsync("alice", cursor: RoomSubscriber.NoBaseline);
        await PushAsync(3);

        Assert.Equal([3], alice.MessageSeqs);
        Assert.Equal(3, await _topic.CursorOfAsync(alice.Session));
    }

    [Fact]
    public async Task Renewing_repairs_what_the_room_stored_but_this_gateway_never_saw()
    {
        var alice = await AddAsync("alice", cursor: 0);
        await PushAsync(1);
        _room.LastSeq = 3;

        await _topic.RenewAsync();

        Assert.Equal([1, 2, 3], alice.MessageSeqs);
    }

    [Fact]
    public async Task Renewing_with_nothing_missed_reads_no_history()
    {
        var alice = await AddAsync("alice", cursor: 0);
        await PushAsync(1, 2);
        _room.LastSeq = 2;

        await _topic.RenewAsync();

        Assert.Empty(_room.HistoryRequests);
        Assert.Equal(2, _room.Subscribes);
    }

    [Fact]
    public async Task Other_events_reach_every_session_but_the_subject_where_it_is_excluded()
    {
        var alice = await AddAsync("alice", cursor: 0);
        var bob = await AddAsync("bob", cursor: 0);

        await _topic.OnRoomEvents(new RoomEventBatch
        {
            Events = [new RoomEvent { Kind = RoomEventKind.Typing, RoomId = "room-1", UserId = "alice", User = new UserRef { Id = "alice", Name = "alice" } }],
        });

        Assert.Empty(alice.Frames);
        Assert.Single(bob.Frames);
    }

    [Fact]
    public async Task The_last_session_leaving_closes_the_topic_unless_a_join_is_in_flight()
    {
        var alice = await AddAsync("alice", cursor: 0);
        var bob = new RecordingSession("bob");
        await _topic.TryBeginJoinAsync(bob.Session);

        await _topic.RemoveAsync(alice.Session);
        Assert.False(_topic.Closed);

        await _topic.AbandonJoinAsync(bob.Session);
        Assert.True(_topic.Closed);
        Assert.Equal(1, _room.Unsubscribes);
        Assert.False(await _topic.TryAddAsync(bob.Session, cursor: 0, completesJoin: false));
        Assert.Null(await _topic.TryBeginJoinAsync(bob.Session));
    }

    private async Task<RecordingSession> AddAsync(string userId, long cursor)
    {
        var session = new RecordingSession(userId);
        Assert.True(await _topic.TryAddAsync(session.Session, cursor, completesJoin: false));
        return session;
    }

    private async Task PushAsync(params long[] seqs)
    {
        foreach (var seq in seqs)
        {
            _room.LastSeq = Math.Max(_room.LastSeq, seq);
            await _topic.OnRoomEvents(new RoomEventBatch
            {
                Events = [new RoomEvent { Kind = RoomEventKind.Message, RoomId = "room-1", UserId = "bob", Seq = seq, Message = FakeRoom.Message(seq) }],
            });
        }
    }

    /// <summary>A room whose history holds every seq from <see cref="RetainFrom"/> to <see cref="LastSeq"/>.</summary>
    private sealed class FakeRoom
    {
        public FakeRoom() => Grain = CallHandlerProxy.Create<IRoomGrain>((method, args) => method switch
        {
            nameof(IRoomGrain.Subscribe) => Subscribe(),
            nameof(IRoomGrain.Unsubscribe) => Unsubscribe(),
            nameof(IRoomGrain.GetHistory) => GetHistory((HistoryRequest)args[0]!),
            _ => throw new NotSupportedException(method),
        });

        public IRoomGrain Grain { get; }

        public long LastSeq { get; set; }

        public long RetainFrom { get; set; } = 1;

        public bool HistoryFails { get; set; }

        public List<HistoryRequest> HistoryRequests { get; } = [];

        public int Subscribes { get; private set; }

        public int Unsubscribes { get; private set; }

        public static ChatMessage Message(long seq) => new()
        {
            Id = $"m{seq}",
            RoomId = "room-1",
            Seq = seq,
            UserId = "bob",
            User = new UserRef { Id = "bob", Name = "bob" },
            Content = $"message {seq}",
            Type = "text",
            Timestamp = seq,
        };

        private Task<RoomSubscription> Subscribe()
        {
            Subscribes++;
            return Task.FromResult(new RoomSubscription { WasSubscribed = Subscribes > 1, LastSeq = LastSeq });
        }

        private Task Unsubscribe()
        {
            Unsubscribes++;
            return Task.CompletedTask;
        }

        private Task<HistoryResult> GetHistory(HistoryRequest request)
        {
            HistoryRequests.Add(request);
            if (HistoryFails)
            {
                return Task.FromException<HistoryResult>(new TimeoutException("room unavailable"));
            }

            var from = Math.Max(RetainFrom, (request.AfterSeq ?? 0) + 1);
            var messages = new List<ChatMessage>();
            for (var seq = from; seq <= LastSeq && messages.Count < request.Limit; seq++)
            {
                messages.Add(Message(seq));
            }

            return Task.FromResult(new HistoryResult { Messages = messages, LastSeq = LastSeq });
        }
    }
}
