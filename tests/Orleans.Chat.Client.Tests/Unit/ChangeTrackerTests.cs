using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client.Tests.Unit;

public sealed class ChangeTrackerTests
{
    private const string Room = "r";

    [Fact]
    public void Live_changes_are_given_once_each_and_older_change_seqs_are_dropped()
    {
        var tracker = new ChangeTracker();

        Assert.Equal([1L], ChangeSeqs(tracker.Live(Room, Edit(1))));
        Assert.Equal([2L], ChangeSeqs(tracker.Live(Room, Edit(2))));
        Assert.Empty(tracker.Live(Room, Edit(2)));
        Assert.Empty(tracker.Live(Room, Edit(1)));
        Assert.Equal(2, tracker.LastChangeSeq(Room));
        Assert.Null(tracker.LastChangeSeq("other"));
    }

    [Fact]
    public void Recovery_holds_live_changes_and_merges_them_with_the_recovered_ones_in_change_order()
    {
        var tracker = new ChangeTracker();
        tracker.Known(Room, 3);

        Assert.Equal(3, tracker.Begin(Room));
        Assert.Empty(tracker.Live(Room, Edit(6)));
        Assert.Empty(tracker.Live(Room, Edit(5)));
        Assert.Equal([4L, 5L, 6L], ChangeSeqs(tracker.End(Room, [Edit(4), Edit(5)], 6)));
        Assert.Equal(6, tracker.LastChangeSeq(Room));
        Assert.Equal([7L], ChangeSeqs(tracker.Live(Room, Edit(7))));
    }

    [Fact]
    public void The_server_counter_moves_the_scope_on_and_a_counter_behind_ours_starts_over()
    {
        var tracker = new ChangeTracker();
        Assert.Null(tracker.Begin(Room));
        Assert.Empty(tracker.End(Room, [], 9));
        Assert.Equal(9, tracker.LastChangeSeq(Room));

        tracker.Begin(Room);
        Assert.Equal([1L, 2L], ChangeSeqs(tracker.End(Room, [Edit(1), Edit(2)], 2)));
        Assert.Equal(2, tracker.LastChangeSeq(Room));
    }

    [Fact]
    public void A_failed_recovery_stays_at_the_last_recovered_change_so_the_next_one_asks_again()
    {
        var tracker = new ChangeTracker();
        tracker.Known(Room, 2);
        tracker.Begin(Room);
        tracker.Live(Room, Edit(9));

        Assert.Equal([3L, 9L], ChangeSeqs(tracker.End(Room, [Edit(3)], null)));
        Assert.Equal(3, tracker.LastChangeSeq(Room));
        Assert.Equal(3, tracker.Begin(Room));
    }

    [Fact]
    public void BeginAll_holds_every_tracked_scope_and_the_given_ones_until_their_end()
    {
        var tracker = new ChangeTracker();
        tracker.Known("a", 1);
        tracker.BeginAll(["b"]);

        Assert.Equal(["a", "b"], tracker.Held().Order());
        Assert.Empty(tracker.Live("a", Edit(2)));
        Assert.Equal([2L], ChangeSeqs(tracker.End("a", [], 2)));
        Assert.Equal(["b"], tracker.Held());
        Assert.Empty(tracker.End("b", [], 0));
        Assert.Equal(0, tracker.LastChangeSeq("b"));
    }

    [Fact]
    public void Known_is_ignored_while_recovering_and_DropHeld_ends_every_recovery()
    {
        var tracker = new ChangeTracker();
        tracker.Begin(Room);
        tracker.Known(Room, 10);
        Assert.Null(tracker.LastChangeSeq(Room));
        tracker.Live(Room, Edit(1));
        tracker.DropHeld();
        Assert.Empty(tracker.End(Room, [], 5));
        Assert.Null(tracker.LastChangeSeq(Room));
    }

    [Fact]
    public void Recovered_messages_become_the_events_the_app_would_have_had_live()
    {
        var edited = MessageChange.Of(new ChatMessage
        {
            Id = "m1", RoomId = Room, Seq = 1, UserId = "bob", User = new UserRef { Id = "bob", Name = "Bob" }, Content = "new", Type = "text",
            Edited = true, EditedAt = 7, ChangeSeq = 3,
        });
        Assert.Equal(new MessageEditedEvent { RoomId = Room, Seq = 1, Id = "m1", Content = "new", EditedAt = 7, EditedBy = "bob", ChangeSeq = 3, Recovered = true }, edited.Edited);
        var deleted = MessageChange.Of(new PrivateMessage
        {
            Id = "m2", ConversationId = "dm:a:b", Seq = 2, FromUserId = "a", FromUser = new UserRef { Id = "a", Name = "a" }, ToUserId = "b", Content = "",
            Deleted = true, ChangeSeq = 4,
        });
        Assert.Equal(new MessageDeletedEvent { ConversationId = "dm:a:b", Seq = 2, Id = "m2", ChangeSeq = 4, Recovered = true }, deleted.Deleted);
    }

    private static MessageChange Edit(long changeSeq) =>
        MessageChange.Of(new MessageEditedEvent { RoomId = Room, Seq = changeSeq, Id = $"m{changeSeq}", Content = $"e{changeSeq}", ChangeSeq = changeSeq });

    private static List<long> ChangeSeqs(List<MessageChange> changes) => [.. changes.Select(c => c.ChangeSeq)];
}
