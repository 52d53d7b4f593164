namespace Orleans.Chat.Client.Internal;

/// <summary>
/// Unread counts per room and per conversation as the server counts them, kept up to date between its snapshots
/// (the connect sidebar, get-rooms, get-conversations). Every method returns the changes to raise. Not thread-safe:
/// the client's lock guards it.
/// </summary>
/// <remarks>
/// Rooms: the server counts others' retained, not deleted messages after the read cursor. A snapshot's count covers
/// seqs up to its lastSeq; others' messages above both that and the cursor are counted here by seq, so a replay after
/// a reconnect is not counted twice and a delete of one of them takes it off. Conversations: lastSeq - readSeq.
/// </remarks>
internal sealed class UnreadTracker
{
    private readonly Dictionary<string, RoomUnread> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConversationUnread> _conversations = new(StringComparer.Ordinal);

    public long Room(string roomId) => _rooms.TryGetValue(roomId, out var room) ? room.Unread : 0;

    public long Conversation(string conversationId) => _conversations.TryGetValue(conversationId, out var conversation) ? conversation.Unread : 0;

    /// <summary>A room summary: the server's count replaces the tracked one.</summary>
    public List<UnreadChangedEvent> RoomSummary(RoomSummary summary) => ChangeRoom(summary.Room.Id, room =>
    {
        room.ReadSeq = summary.ReadSeq;
        room.Base = summary.Unread;
        room.BaseLastSeq = summary.LastSeq;
        room.Live.Clear();
    });

    public List<UnreadChangedEvent> ConversationSummary(ConversationSummary summary) => ChangeConversation(summary.ConversationId, conversation =>
    {
        conversation.LastSeq = summary.LastSeq;
        conversation.ReadSeq = summary.LastSeq - summary.Unread;
    });

    /// <summary>A room message the app was given.</summary>
    public List<UnreadChangedEvent> RoomMessage(ChatMessage message, string? me) => ChangeRoom(message.RoomId, room =>
    {
        if (message.UserId != me && !message.Deleted && message.Seq > room.ReadSeq && message.Seq > room.BaseLastSeq)
        {
            room.Live.Add(message.Seq);
        }
    });

    /// <summary>A private message the app was given: one's own moves one's cursor to it.</summary>
    public List<UnreadChangedEvent> PrivateMessage(PrivateMessage message, string? me)
    {
        // Not in the last snapshot (older than its first 100): assume what came before was read.
        _conversations.TryAdd(message.ConversationId, new ConversationUnread { ReadSeq = message.Seq - 1, LastSeq = message.Seq - 1 });
        return ChangeConversation(message.ConversationId, conversation =>
        {
            conversation.LastSeq = Math.Max(conversation.LastSeq, message.Seq);
            if (message.FromUserId == me)
            {
                conversation.ReadSeq = Math.Max(conversation.ReadSeq, message.Seq);
            }
        });
    }

    public List<UnreadChangedEvent> RoomMessageDeleted(string roomId, long seq) =>
        _rooms.TryGetValue(roomId, out var tracked) && tracked.Live.Contains(seq) ? ChangeRoom(roomId, room => room.Live.Remove(seq)) : [];

    /// <summary>The user's own read: its mark-read ack, or a read-receipt of one of its devices.</summary>
    public List<UnreadChangedEvent> RoomRead(string roomId, long seq) => ChangeRoom(roomId, room =>
    {
        if (seq <= room.ReadSeq)
        {
            return;
        }

        // The snapshot's count is for seqs up to BaseLastSeq; a read part-way into them leaves at most the rest.
        room.Base = seq >= room.BaseLastSeq ? 0 : Math.Min(room.Base, room.BaseLastSeq - seq);
        room.ReadSeq = seq;
        room.Live.RemoveWhere(counted => counted <= seq);
    });

    public List<UnreadChangedEvent> ConversationRead(string conversationId, long seq) => ChangeConversation(conversationId, conversation =>
    {
        conversation.ReadSeq = Math.Max(conversation.ReadSeq, seq);
        conversation.LastSeq = Math.Max(conversation.LastSeq, seq);
    });

    public List<UnreadChangedEvent> ForgetRoom(string roomId)
    {
        var had = Room(roomId) != 0;
        _rooms.Remove(roomId);
        return had ? [new UnreadChangedEvent { RoomId = roomId, Unread = 0 }] : [];
    }

    private List<UnreadChangedEvent> ChangeRoom(string roomId, Action<RoomUnread> change)
    {
        if (!_rooms.TryGetValue(roomId, out var room))
        {
            room = new RoomUnread();
            _rooms.Add(roomId, room);
        }

        var before = room.Unread;
        change(room);
        return before == room.Unread ? [] : [new UnreadChangedEvent { RoomId = roomId, Unread = room.Unread }];
    }

    private List<UnreadChangedEvent> ChangeConversation(string conversationId, Action<ConversationUnread> change)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            conversation = new ConversationUnread();
            _conversations.Add(conversationId, conversation);
        }

        var before = conversation.Unread;
        change(conversation);
        return before == conversation.Unread ? [] : [new UnreadChangedEvent { ConversationId = conversationId, Unread = conversation.Unread }];
    }

    private sealed class RoomUnread
    {
        public long ReadSeq { get; set; }

        public long Base { get; set; }

        public long BaseLastSeq { get; set; }

        public HashSet<long> Live { get; } = [];

        public long Unread => Base + Live.Count;
    }

    private sealed class ConversationUnread
    {
        public long ReadSeq { get; set; }

        public long LastSeq { get; set; }

        public long Unread => Math.Max(0, LastSeq - ReadSeq);
    }
}
