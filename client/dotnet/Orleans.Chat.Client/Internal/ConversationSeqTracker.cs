namespace Orleans.Chat.Client.Internal;

/// <summary>
/// Per direct conversation, the highest seq given to the app, and while the conversation catches up from
/// history (after a reconnect, or on a gap in its seqs), the messages that arrived meanwhile. Decides which
/// private messages the app gets: each (conversationId, seq) once, in seq order per conversation. No I/O:
/// the client runs the history requests this asks for. Not thread-safe: the client's lock guards it.
/// </summary>
internal sealed class ConversationSeqTracker
{
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);

    public long? LastSeq(string conversationId) => _conversations.TryGetValue(conversationId, out var conversation) ? conversation.LastSeq : null;

    /// <summary>The tracked conversation with the other user, or null.</summary>
    public string? ConversationWith(string withUserId) =>
        _conversations.Values.FirstOrDefault(c => string.Equals(c.WithUserId, withUserId, StringComparison.Ordinal))?.ConversationId;

    /// <summary>Every tracked conversation the app has had a message of: (conversationId, withUserId).</summary>
    public List<(string ConversationId, string WithUserId)> Known() =>
        [.. _conversations.Values.Where(static c => c.LastSeq is not null).Select(static c => (c.ConversationId, c.WithUserId))];

    /// <summary>A live private-message: what the app gets now, and a conversation to catch up when a seq was skipped.</summary>
    public (List<PrivateMessage> Deliver, ConversationCatchUp? CatchUp) Live(PrivateMessage message, string me)
    {
        var deliver = new List<PrivateMessage>(1);
        return (deliver, Accept(Get(message, me), [message], deliver));
    }

    /// <summary>
    /// A pending-messages batch (the user's unread messages). A conversation the client does not know yet starts at
    /// its first unread message (the app loads older ones from history when it shows the conversation). A known one
    /// catches up on a gap, as for live messages.
    /// </summary>
    public (List<PrivateMessage> Deliver, List<ConversationCatchUp> CatchUps) Pending(IEnumerable<PrivateMessage> messages, string me)
    {
        var deliver = new List<PrivateMessage>();
        var catchUps = new List<ConversationCatchUp>();
        foreach (var batch in messages.GroupBy(m => Get(m, me)))
        {
            var conversation = batch.Key;
            var sorted = batch.OrderBy(m => m.Seq).ToList();
            if (conversation.LastSeq is null && conversation.Held is null)
            {
                deliver.AddRange(sorted.Where(m => conversation.Advance(m.Seq)));
            }
            else if (Accept(conversation, sorted, deliver) is { } catchUp)
            {
                catchUps.Add(catchUp);
            }
        }

        return (deliver, catchUps);
    }

    /// <summary>
    /// The app's own newest page of history (no beforeSeq or afterSeq): live messages that follow are above
    /// <paramref name="lastSeq"/>, the page covers the rest. A conversation catching up keeps its seq.
    /// </summary>
    public void HistoryLoaded(string conversationId, string withUserId, long lastSeq)
    {
        var conversation = Get(conversationId, withUserId);
        if (conversation.Held is null)
        {
            conversation.LastSeq = Math.Max(conversation.LastSeq ?? 0, lastSeq);
        }
    }

    /// <summary>
    /// The app's own message was stored: a conversation not tracked yet is tracked from the seq before it, so its
    /// event is recovered if the connection drops first. The other user's messages below it may still be on their
    /// way as live events (the ack can overtake them): those are given once each when they come, until a catch-up
    /// makes everything below old history.
    /// </summary>
    public void Sent(string conversationId, string withUserId, long seq)
    {
        if (seq >= 1)
        {
            _conversations.TryAdd(conversationId, new Conversation(conversationId, withUserId) { LastSeq = seq - 1, EarlierBelow = seq });
        }
    }

    /// <summary>After a reconnect: every conversation with a known seq holds its messages until it caught up.</summary>
    public List<ConversationCatchUp> BeginRecovery()
    {
        var started = new List<ConversationCatchUp>();
        foreach (var conversation in _conversations.Values)
        {
            conversation.EarlierBelow = null;
            if (conversation.LastSeq is { } lastSeq && conversation.Held is null)
            {
                conversation.Held = [];
                started.Add(new ConversationCatchUp(conversation.ConversationId, conversation.WithUserId, lastSeq));
            }
        }

        return started;
    }

    /// <summary>
    /// Ends a catch-up: merges the fetched messages with those held meanwhile and returns the ones the app has
    /// not had, once each, in seq order. Null when the conversation is not catching up any more (the connection dropped).
    /// </summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="fetched">The history pages' messages.</param>
    /// <param name="serverLastSeq">The history's lastSeq; null when the fetch failed.</param>
    public List<PrivateMessage>? EndCatchUp(string conversationId, IEnumerable<PrivateMessage> fetched, long? serverLastSeq)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation) || conversation.Held is not { } held)
        {
            return null;
        }

        conversation.Held = null;
        if (serverLastSeq < conversation.LastSeq)
        {
            // The numbering restarted (a server without durable storage restarted): the old seq would hide
            // every new message, so start over from what the server sends now.
            conversation.LastSeq = null;
        }

        held.AddRange(fetched);
        return [.. held.OrderBy(m => m.Seq).Where(m => conversation.Advance(m.Seq))];
    }

    /// <summary>The connection dropped: held messages are fetched again by the next recovery.</summary>
    public void DropHeld()
    {
        foreach (var conversation in _conversations.Values)
        {
            conversation.Held = null;
        }
    }

    private static ConversationCatchUp? Accept(Conversation conversation, IReadOnlyList<PrivateMessage> batch, List<PrivateMessage> deliver)
    {
        if (conversation.Held is { } held)
        {
            held.AddRange(batch);
            return null;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (conversation.LastSeq is { } lastSeq && batch[i].Seq > lastSeq + 1)
            {
                // A skipped seq: hold this and the rest until history fills the gap.
                conversation.Held = [.. batch.Skip(i)];
                return new ConversationCatchUp(conversation.ConversationId, conversation.WithUserId, lastSeq);
            }

            if (conversation.Advance(batch[i].Seq))
            {
                deliver.Add(batch[i]);
            }
        }

        return null;
    }

    private Conversation Get(PrivateMessage message, string me) =>
        Get(message.ConversationId, string.Equals(message.FromUserId, me, StringComparison.Ordinal) ? message.ToUserId : message.FromUserId);

    private Conversation Get(string conversationId, string withUserId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            conversation = new Conversation(conversationId, withUserId);
            _conversations.Add(conversationId, conversation);
        }

        return conversation;
    }

    private sealed class Conversation(string conversationId, string withUserId)
    {
        public string ConversationId { get; } = conversationId;

        public string WithUserId { get; } = withUserId;

        public long? LastSeq { get; set; }

        public List<PrivateMessage>? Held { get; set; }

        /// <summary>The seq of the app's first own message when that started the tracking: live events below it are late, not old.</summary>
        public long? EarlierBelow { get; set; }

        private HashSet<long>? _earlierGiven;

        /// <summary>Records the seq unless it was given already (a duplicate).</summary>
        public bool Advance(long seq)
        {
            if (LastSeq is { } last && seq <= last)
            {
                return seq < EarlierBelow && (_earlierGiven ??= []).Add(seq);
            }

            LastSeq = seq;
            return true;
        }
    }
}
