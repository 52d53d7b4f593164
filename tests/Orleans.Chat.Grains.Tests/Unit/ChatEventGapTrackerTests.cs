using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class ChatEventGapTrackerTests
{
    [Fact]
    public void Contiguous_seqs_are_in_order_and_repeats_are_old()
    {
        var tracker = new ChatEventGapTracker();

        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r1", 1)).Order);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r1", 2)).Order);
        Assert.Equal(ChatEventOrder.Old, tracker.Observe(Message("r1", 2)).Order);
        Assert.Equal(ChatEventOrder.Old, tracker.Observe(Message("r1", 1)).Order);
        Assert.Equal(2, tracker.LastSeen(ChatEventScope.Room, "r1", ChatEventFamily.Messages));
    }

    [Fact]
    public void A_skipped_seq_is_a_gap_with_the_missing_range_and_the_next_is_in_order_again()
    {
        var tracker = new ChatEventGapTracker();
        tracker.Observe(Message("r1", 1));

        var check = tracker.Observe(Message("r1", 5));

        Assert.Equal(new ChatEventCheck(ChatEventOrder.Gap, ChatEventFamily.Messages, 2, 4), check);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r1", 6)).Order);
        Assert.Equal(ChatEventOrder.Old, tracker.Observe(Message("r1", 3)).Order);
    }

    [Fact]
    public void From_start_a_scope_whose_first_event_is_not_seq_1_has_a_gap_from_1()
    {
        var tracker = new ChatEventGapTracker(fromStart: true);

        Assert.Equal(new ChatEventCheck(ChatEventOrder.Gap, ChatEventFamily.Messages, 1, 2), tracker.Observe(Message("r1", 3)));
    }

    [Fact]
    public void Not_from_start_the_first_event_of_a_scope_starts_its_tracking()
    {
        var tracker = new ChatEventGapTracker(fromStart: false);

        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r1", 40)).Order);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Change("r1", 7, ChatEventKind.MessageDeleted)).Order);
        Assert.Equal(ChatEventOrder.Gap, tracker.Observe(Message("r1", 42)).Order);
    }

    [Fact]
    public void Messages_and_changes_count_apart_and_each_scope_on_its_own()
    {
        var tracker = new ChatEventGapTracker();
        tracker.Observe(Message("r1", 1));
        tracker.Observe(Message("r1", 2));

        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Change("r1", 1, ChatEventKind.MessageEdited)).Order);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Change("r1", 2, ChatEventKind.MessageDeleted)).Order);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r2", 1)).Order);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r1", 3)).Order);

        // The same id as a room and as a conversation are two scopes.
        var conversation = Message("r1", 1) with { Kind = ChatEventKind.PrivateMessage, Scope = ChatEventScope.Conversation };
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(conversation).Order);
        Assert.Equal(new ChatEventCheck(ChatEventOrder.Gap, ChatEventFamily.Changes, 3, 3), tracker.Observe(Change("r1", 4, ChatEventKind.MessageEdited)));
    }

    [Theory]
    [InlineData(ChatEventKind.MemberJoined)]
    [InlineData(ChatEventKind.MemberLeft)]
    [InlineData(ChatEventKind.MemberRemoved)]
    public void Membership_events_are_positions_and_never_gaps(ChatEventKind kind)
    {
        var tracker = new ChatEventGapTracker();
        tracker.Observe(Message("r1", 1));

        var check = tracker.Observe(Message("r1", 9) with { Kind = kind });

        Assert.Equal(new ChatEventCheck(ChatEventOrder.Untracked, ChatEventFamily.Membership), check);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r1", 2)).Order);
    }

    [Fact]
    public void Advance_records_a_repair_or_checkpoint_and_never_moves_back()
    {
        var tracker = new ChatEventGapTracker();
        tracker.Advance(ChatEventScope.Room, "r1", ChatEventFamily.Messages, 10);
        tracker.Advance(ChatEventScope.Room, "r1", ChatEventFamily.Messages, 4);

        Assert.Equal(ChatEventOrder.Old, tracker.Observe(Message("r1", 10)).Order);
        Assert.Equal(ChatEventOrder.InOrder, tracker.Observe(Message("r1", 11)).Order);
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Advance(ChatEventScope.Room, "r1", ChatEventFamily.Membership, 1));
    }

    [Fact]
    public void Forget_drops_both_counters_of_a_scope()
    {
        var tracker = new ChatEventGapTracker();
        tracker.Observe(Message("r1", 1));
        tracker.Observe(Change("r1", 1, ChatEventKind.MessageEdited));
        tracker.Observe(Message("r2", 1));

        tracker.Forget(ChatEventScope.Room, "r1");

        Assert.Equal(1, tracker.Count);
        Assert.Equal(0, tracker.LastSeen(ChatEventScope.Room, "r1", ChatEventFamily.Messages));
    }

    private static ChatEvent Message(string roomId, long seq) => new()
    {
        Kind = ChatEventKind.RoomMessage, Scope = ChatEventScope.Room, ScopeId = roomId, Seq = seq, Timestamp = 0,
    };

    private static ChatEvent Change(string roomId, long changeSeq, ChatEventKind kind) => Message(roomId, changeSeq) with { Kind = kind };
}
