using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client.Tests.Unit;

public sealed class RoomSeqTrackerTests
{
    private const string Room = "r";

    [Fact]
    public void Live_messages_are_accepted_once_each()
    {
        var tracker = new RoomSeqTracker();

        Assert.True(tracker.AcceptLive(Message(1)));
        Assert.True(tracker.AcceptLive(Message(2)));
        Assert.False(tracker.AcceptLive(Message(2)));
        Assert.False(tracker.AcceptLive(Message(1)));
        Assert.Equal(2, tracker.LastSeq(Room));
    }

    [Fact]
    public void Recovery_merges_held_live_messages_with_fetched_ones_in_seq_order_without_duplicates()
    {
        var tracker = new RoomSeqTracker();
        tracker.Joined(Room, 3);

        Assert.Equal([(Room, 3L)], tracker.BeginRecovery());
        // Live messages before the re-join ack: held, and left out of the ack's messages.
        Assert.False(tracker.AcceptLive(Message(6)));
        Assert.False(tracker.AcceptLive(Message(7)));
        var missed = tracker.EndRecovery(Room, [Message(2), Message(4), Message(5), Message(7)], serverLastSeq: 7);

        Assert.Equal([4L, 5, 6, 7], missed!.Select(m => m.Seq));
        Assert.Equal(7, tracker.LastSeq(Room));
        Assert.True(tracker.AcceptLive(Message(8)));
        Assert.Null(tracker.EndRecovery(Room, [], serverLastSeq: 8)); // not recovering any more
    }

    [Fact]
    public void A_dropped_recovery_keeps_the_seq_so_the_next_one_fetches_the_held_messages_again()
    {
        var tracker = new RoomSeqTracker();
        tracker.Joined(Room, 1);
        tracker.BeginRecovery();
        tracker.AcceptLive(Message(2));

        tracker.DropHeld();

        Assert.Equal(1, tracker.LastSeq(Room));
        Assert.Equal([(Room, 1L)], tracker.BeginRecovery());
    }

    [Fact]
    public void A_join_ack_during_recovery_does_not_move_the_seq_past_what_the_recovery_replays()
    {
        var tracker = new RoomSeqTracker();
        tracker.Joined(Room, 1);
        tracker.BeginRecovery();

        tracker.Joined(Room, 9);

        Assert.Equal(1, tracker.LastSeq(Room));
    }

    [Fact]
    public void A_room_whose_numbering_restarted_on_the_server_is_followed_from_its_new_seqs()
    {
        var tracker = new RoomSeqTracker();
        tracker.Joined(Room, 40);
        tracker.BeginRecovery();
        tracker.AcceptLive(Message(3));

        var missed = tracker.EndRecovery(Room, [], serverLastSeq: 2);

        Assert.Equal([3L], missed!.Select(m => m.Seq));
        Assert.True(tracker.AcceptLive(Message(4)));
    }

    [Fact]
    public void The_servers_room_list_decides_which_rooms_are_tracked()
    {
        var tracker = new RoomSeqTracker();
        tracker.Joined("kept", 4);
        tracker.Joined("left-elsewhere", 2);

        tracker.Reconcile(["kept", "new"]);

        Assert.Equal(4, tracker.LastSeq("kept"));
        Assert.Null(tracker.LastSeq("left-elsewhere"));
        Assert.Null(tracker.LastSeq("new"));
        Assert.Equal([("kept", 4L)], tracker.BeginRecovery()); // no seq known yet: nothing to recover
    }

    private static ChatMessage Message(long seq) => new()
    {
        Id = "m" + seq,
        RoomId = Room,
        Seq = seq,
        UserId = "u",
        User = new UserRef { Id = "u", Name = "U" },
        Content = "c" + seq,
        Type = "text",
    };
}
