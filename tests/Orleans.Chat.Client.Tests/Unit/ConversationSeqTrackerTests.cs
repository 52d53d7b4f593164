using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client.Tests.Unit;

public sealed class ConversationSeqTrackerTests
{
    private const string Me = "me";
    private const string Bob = "bob";
    private static readonly string WithBob = ConversationIds.Of(Me, Bob);

    [Fact]
    public void Conversation_ids_order_the_users_ordinally_and_escape_percent_and_colon()
    {
        Assert.Equal("dm:alice:bob", ConversationIds.Of("bob", "alice"));
        Assert.Equal("dm:alice:bob", ConversationIds.Of("alice", "bob"));
        Assert.Equal("dm:a%25c:a%3Ab", ConversationIds.Of("a:b", "a%c"));
        Assert.Equal("dm:Z:a", ConversationIds.Of("a", "Z"));
    }

    [Fact]
    public void Live_messages_are_given_once_each_in_order()
    {
        var tracker = new ConversationSeqTracker();

        Assert.Equal([1L], Seqs(tracker.Live(Message(1), Me).Deliver));
        Assert.Equal([2L], Seqs(tracker.Live(Message(2, mine: true), Me).Deliver));
        Assert.Empty(tracker.Live(Message(2), Me).Deliver);
        Assert.Empty(tracker.Live(Message(1), Me).Deliver);
        Assert.Equal(2, tracker.LastSeq(WithBob));
        Assert.Equal(WithBob, tracker.ConversationWith(Bob));
    }

    [Fact]
    public void The_first_message_of_an_unknown_conversation_is_taken_whatever_its_seq()
    {
        var (deliver, catchUp) = new ConversationSeqTracker().Live(Message(12), Me);

        Assert.Equal([12L], Seqs(deliver));
        Assert.Null(catchUp);
    }

    [Fact]
    public void A_skipped_seq_holds_what_follows_until_history_fills_the_gap()
    {
        var tracker = new ConversationSeqTracker();
        tracker.Live(Message(1), Me);

        var (deliver, catchUp) = tracker.Live(Message(4), Me);
        Assert.Empty(deliver);
        Assert.Equal(new ConversationCatchUp(WithBob, Bob, 1), catchUp);
        Assert.Empty(tracker.Live(Message(5), Me).Deliver); // held too

        var missed = tracker.EndCatchUp(WithBob, [Message(2), Message(3, mine: true), Message(4)], serverLastSeq: 4);

        Assert.Equal([2L, 3, 4, 5], Seqs(missed!));
        Assert.Equal(5, tracker.LastSeq(WithBob));
        Assert.Equal([6L], Seqs(tracker.Live(Message(6), Me).Deliver));
        Assert.Null(tracker.EndCatchUp(WithBob, [], 6)); // not catching up any more
    }

    [Fact]
    public void Pending_messages_of_an_unknown_conversation_start_it_at_its_first_unread_one_in_seq_order()
    {
        var tracker = new ConversationSeqTracker();
        var withCarol = ConversationIds.Of(Me, "carol");

        // 1 to 4 of the conversation with Bob were read.
        var (deliver, catchUps) = tracker.Pending([Message(5), Message(2, conversationId: withCarol, other: "carol"), Message(7), Message(6)], Me);

        Assert.Equal([(WithBob, 5L), (WithBob, 6L), (WithBob, 7L), (withCarol, 2L)], deliver.Select(m => (m.ConversationId, m.Seq)));
        Assert.Empty(catchUps);
        Assert.Equal(7, tracker.LastSeq(WithBob));
        Assert.Equal(withCarol, tracker.ConversationWith("carol"));
    }

    [Fact]
    public void Pending_messages_of_a_known_conversation_drop_duplicates_and_catch_up_on_a_gap()
    {
        var tracker = new ConversationSeqTracker();
        tracker.Live(Message(3), Me);

        var (deliver, catchUps) = tracker.Pending([Message(3), Message(4), Message(6)], Me);

        Assert.Equal([4L], Seqs(deliver));
        Assert.Equal([new ConversationCatchUp(WithBob, Bob, 4)], catchUps);
        Assert.Equal([5L, 6], Seqs(tracker.EndCatchUp(WithBob, [Message(5, mine: true), Message(6)], 6)!));
    }

    [Fact]
    public void Recovery_merges_fetched_history_with_what_arrived_meanwhile_each_seq_once()
    {
        var tracker = new ConversationSeqTracker();
        tracker.Live(Message(2), Me);
        tracker.Live(Message(1, conversationId: "dm:me:zed", other: "zed"), Me);

        Assert.Equal([new ConversationCatchUp(WithBob, Bob, 2), new ConversationCatchUp("dm:me:zed", "zed", 1)], tracker.BeginRecovery());
        Assert.Empty(tracker.Live(Message(5), Me).Deliver);
        Assert.Empty(tracker.Pending([Message(4), Message(5)], Me).Deliver);
        var missed = tracker.EndCatchUp(WithBob, [Message(3, mine: true), Message(4), Message(5)], 5);

        Assert.Equal([3L, 4, 5], Seqs(missed!));
        Assert.Empty(tracker.EndCatchUp("dm:me:zed", [], 1)!);
    }

    [Fact]
    public void A_dropped_recovery_keeps_the_seq_so_the_next_one_fetches_the_held_messages_again()
    {
        var tracker = new ConversationSeqTracker();
        tracker.Live(Message(1), Me);
        tracker.BeginRecovery();
        tracker.Live(Message(2), Me);

        tracker.DropHeld();

        Assert.Equal(1, tracker.LastSeq(WithBob));
        Assert.Equal([new ConversationCatchUp(WithBob, Bob, 1)], tracker.BeginRecovery());
    }

    [Fact]
    public void Conversations_with_no_seq_given_yet_are_not_recovered() =>
        Assert.Empty(new ConversationSeqTracker().BeginRecovery());

    [Fact]
    public void The_newest_history_page_sets_the_seq_except_while_catching_up()
    {
        var tracker = new ConversationSeqTracker();
        tracker.HistoryLoaded(WithBob, Bob, 9);
        Assert.Equal(9, tracker.LastSeq(WithBob));
        Assert.Empty(tracker.Live(Message(9), Me).Deliver);

        tracker.BeginRecovery();
        tracker.HistoryLoaded(WithBob, Bob, 20);
        Assert.Equal(9, tracker.LastSeq(WithBob));
    }

    [Fact]
    public void A_sent_message_tracks_a_new_conversation_from_the_seq_before_it()
    {
        var tracker = new ConversationSeqTracker();

        tracker.Sent(WithBob, Bob, 4);
        Assert.Equal(3, tracker.LastSeq(WithBob));
        tracker.Sent(WithBob, Bob, 5); // known already: the event moves it on
        Assert.Equal(3, tracker.LastSeq(WithBob));
        Assert.Equal([4L], Seqs(tracker.Live(Message(4, mine: true), Me).Deliver));
    }

    [Fact]
    public void The_other_users_earlier_messages_still_arrive_once_after_the_ack_of_my_first_message_overtook_them()
    {
        var tracker = new ConversationSeqTracker();

        // Bob wrote seq 1; my reply's ack (seq 2) reaches me before Bob's live event does.
        tracker.Sent(WithBob, Bob, 2);
        Assert.Equal([2L], Seqs(tracker.Live(Message(2, mine: true), Me).Deliver));
        Assert.Equal([1L], Seqs(tracker.Live(Message(1), Me).Deliver));
        Assert.Empty(tracker.Live(Message(1), Me).Deliver);
        Assert.Equal(2, tracker.LastSeq(WithBob));

        // After a reconnect's catch-up, what lies below is old history, not a late live event.
        tracker.BeginRecovery();
        Assert.Empty(tracker.EndCatchUp(WithBob, [], serverLastSeq: 2)!);
        Assert.Empty(tracker.Live(Message(1), Me).Deliver);
    }

    [Fact]
    public void A_conversation_whose_numbering_restarted_on_the_server_is_followed_from_its_new_seqs()
    {
        var tracker = new ConversationSeqTracker();
        tracker.Live(Message(40), Me);
        tracker.BeginRecovery();
        tracker.Live(Message(3), Me);

        Assert.Equal([1L, 2, 3], Seqs(tracker.EndCatchUp(WithBob, [Message(1), Message(2)], 3)!));
        Assert.Equal([4L], Seqs(tracker.Live(Message(4), Me).Deliver));
    }

    [Fact]
    public void A_failed_catch_up_gives_the_held_messages_and_keeps_following()
    {
        var tracker = new ConversationSeqTracker();
        tracker.Live(Message(1), Me);
        tracker.Live(Message(3), Me);

        Assert.Equal([3L], Seqs(tracker.EndCatchUp(WithBob, [], serverLastSeq: null)!));
        Assert.Equal([4L], Seqs(tracker.Live(Message(4), Me).Deliver));
    }

    private static long[] Seqs(IEnumerable<PrivateMessage> messages) => [.. messages.Select(m => m.Seq)];

    private static PrivateMessage Message(long seq, bool mine = false, string? conversationId = null, string other = Bob) => new()
    {
        Id = "m" + seq,
        ConversationId = conversationId ?? WithBob,
        Seq = seq,
        FromUserId = mine ? Me : other,
        FromUser = new UserRef { Id = mine ? Me : other, Name = mine ? Me : other },
        ToUserId = mine ? other : Me,
        Content = "c" + seq,
        Timestamp = seq,
    };
}
