using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client.Tests.Unit;

public sealed class UnreadTrackerTests
{
    private const string Room = "r";
    private const string Me = "me";
    private const string Conversation = "dm:bob:me";

    [Fact]
    public void Rooms_count_the_snapshot_then_others_messages_above_it_but_not_own_messages_or_replays()
    {
        var tracker = new UnreadTracker();

        Assert.Equal([2L], Counts(tracker.RoomSummary(Summary(lastSeq: 10, readSeq: 7, unread: 2))));
        Assert.Empty(tracker.RoomMessage(Message(9), Me)); // inside the snapshot: counted already
        Assert.Equal([3L], Counts(tracker.RoomMessage(Message(11), Me)));
        Assert.Empty(tracker.RoomMessage(Message(12, Me), Me));
        Assert.Empty(tracker.RoomMessage(Message(11), Me));
        Assert.Equal(3, tracker.Room(Room));
    }

    [Fact]
    public void A_read_clears_up_to_its_seq_never_backwards_and_part_way_leaves_at_most_the_rest()
    {
        var tracker = new UnreadTracker();
        tracker.RoomSummary(Summary(lastSeq: 10, readSeq: 5, unread: 5));
        tracker.RoomMessage(Message(11), Me);

        Assert.Equal([3L], Counts(tracker.RoomRead(Room, 8)));
        Assert.Empty(tracker.RoomRead(Room, 6));
        Assert.Equal([0L], Counts(tracker.RoomRead(Room, 11)));
    }

    [Fact]
    public void Deleting_a_counted_message_takes_it_off_and_forgetting_the_room_reports_zero()
    {
        var tracker = new UnreadTracker();
        tracker.RoomMessage(Message(1), Me);
        tracker.RoomMessage(Message(2), Me);

        Assert.Equal([1L], Counts(tracker.RoomMessageDeleted(Room, 1)));
        Assert.Empty(tracker.RoomMessageDeleted(Room, 1));
        Assert.Equal([0L], Counts(tracker.ForgetRoom(Room)));
        Assert.Empty(tracker.ForgetRoom(Room));
    }

    [Fact]
    public void Conversations_count_last_seq_minus_read_seq_and_own_messages_move_the_cursor()
    {
        var tracker = new UnreadTracker();
        Assert.Equal([2L], Counts(tracker.ConversationSummary(new ConversationSummary { ConversationId = Conversation, WithUser = new UserRef { Id = "bob", Name = "bob" }, LastSeq = 4, Unread = 2 })));

        Assert.Equal([3L], Counts(tracker.PrivateMessage(Private(5, "bob"), Me)));
        Assert.Empty(tracker.PrivateMessage(Private(5, "bob"), Me));
        Assert.Equal([1L], Counts(tracker.ConversationRead(Conversation, 4)));
        Assert.Equal([0L], Counts(tracker.PrivateMessage(Private(6, Me), Me)));
        Assert.Equal(0, tracker.Conversation(Conversation));
    }

    [Fact]
    public void A_conversation_not_in_the_snapshot_starts_with_its_first_message_unread()
    {
        var tracker = new UnreadTracker();
        Assert.Equal([1L], Counts(tracker.PrivateMessage(Private(40, "bob"), Me)));
    }

    private static RoomSummary Summary(long lastSeq, long readSeq, long unread) =>
        new() { Room = new RoomInfo { Id = Room }, LastSeq = lastSeq, ReadSeq = readSeq, Unread = unread };

    private static ChatMessage Message(long seq, string from = "bob") => new()
    {
        Id = $"m{seq}", RoomId = Room, Seq = seq, UserId = from, User = new UserRef { Id = from, Name = from }, Content = "c", Type = "text",
    };

    private static PrivateMessage Private(long seq, string from) => new()
    {
        Id = $"p{seq}", ConversationId = Conversation, Seq = seq, FromUserId = from, FromUser = new UserRef { Id = from, Name = from },
        ToUserId = from == Me ? "bob" : Me, Content = "c",
    };

    private static List<long> Counts(List<UnreadChangedEvent> changes) => [.. changes.Select(c => c.Unread)];
}
