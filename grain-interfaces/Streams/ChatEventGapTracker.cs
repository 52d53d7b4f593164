namespace Orleans.Chat.Streams;

/// <summary>How an event's Seq compares with what a consumer saw of its scope (<see cref="ChatEventGapTracker"/>).</summary>
public enum ChatEventOrder
{
    /// <summary>The next one: handle it.</summary>
    InOrder = 0,

    /// <summary>At or below a seq already seen (a redelivery, or already repaired): ignore it.</summary>
    Old = 1,

    /// <summary>Seqs were skipped: repair <see cref="ChatEventCheck.MissingFrom"/> to <see cref="ChatEventCheck.MissingTo"/>, then handle it.</summary>
    Gap = 2,

    /// <summary>A membership event: its Seq is a position, not a counter, so no gap can be told.</summary>
    Untracked = 3,
}

/// <summary>Which counter an event's Seq belongs to: each is contiguous per scope on its own.</summary>
public enum ChatEventFamily
{
    /// <summary>RoomMessage and PrivateMessage: the message seq (repair with GetHistory afterSeq).</summary>
    Messages = 0,

    /// <summary>MessageEdited and MessageDeleted: the change seq (repair with GetChanges sinceChangeSeq).</summary>
    Changes = 1,

    /// <summary>Membership kinds: not a counter (repair by reading the members).</summary>
    Membership = 2,
}

/// <summary>The verdict on one event; the missing range is set for <see cref="ChatEventOrder.Gap"/> only.</summary>
public readonly record struct ChatEventCheck(ChatEventOrder Order, ChatEventFamily Family, long MissingFrom = 0, long MissingTo = 0);

/// <summary>
/// A consumer's view of the <c>chat-events</c> feed: the last seq seen per scope and per counter
/// (messages, changes), which tells whether the next event is in order, old, or follows a gap.
/// Streams may lose events (a failed publish, a silo lost with its queue), never reorder a scope's;
/// a consumer repairs a gap from history and goes on. Not thread-safe: one per consuming loop.
/// </summary>
/// <param name="fromStart">
/// True: a scope first seen is taken as seen up to seq 0, so its first event after 1 is a gap (a
/// consumer that wants every event). False: the first event seen of a scope starts its tracking.
/// </param>
public sealed class ChatEventGapTracker(bool fromStart = true)
{
    private readonly Dictionary<(ChatEventScope Scope, string ScopeId, ChatEventFamily Family), long> _lastSeen = [];

    /// <summary>Scopes and counters tracked.</summary>
    public int Count => _lastSeen.Count;

    public static ChatEventFamily FamilyOf(ChatEventKind kind) => kind switch
    {
        ChatEventKind.RoomMessage or ChatEventKind.PrivateMessage => ChatEventFamily.Messages,
        ChatEventKind.MessageEdited or ChatEventKind.MessageDeleted => ChatEventFamily.Changes,
        _ => ChatEventFamily.Membership,
    };

    /// <summary>Checks <paramref name="chatEvent"/> and records it as seen (also after a gap: the caller repairs the range).</summary>
    public ChatEventCheck Observe(ChatEvent chatEvent)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        var family = FamilyOf(chatEvent.Kind);
        if (family == ChatEventFamily.Membership)
        {
            return new ChatEventCheck(ChatEventOrder.Untracked, family);
        }

        var key = (chatEvent.Scope, chatEvent.ScopeId, family);
        var seq = chatEvent.Seq;
        if (!_lastSeen.TryGetValue(key, out var last))
        {
            last = fromStart ? 0 : seq - 1;
        }

        if (seq <= last)
        {
            return new ChatEventCheck(ChatEventOrder.Old, family);
        }

        _lastSeen[key] = seq;
        return seq == last + 1
            ? new ChatEventCheck(ChatEventOrder.InOrder, family)
            : new ChatEventCheck(ChatEventOrder.Gap, family, last + 1, seq - 1);
    }

    /// <summary>The last seq seen of a scope's counter, 0 when none.</summary>
    public long LastSeen(ChatEventScope scope, string scopeId, ChatEventFamily family) =>
        _lastSeen.GetValueOrDefault((scope, scopeId, family));

    /// <summary>
    /// Records that the consumer has everything up to <paramref name="seq"/> (a checkpoint it resumes
    /// from, or a repair that read further than the gap); never moves back.
    /// </summary>
    public void Advance(ChatEventScope scope, string scopeId, ChatEventFamily family, long seq)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(family, ChatEventFamily.Membership);
        var key = (scope, scopeId, family);
        _lastSeen[key] = Math.Max(_lastSeen.GetValueOrDefault(key), seq);
    }

    /// <summary>Stops tracking a scope (e.g. a room the consumer no longer cares about).</summary>
    public void Forget(ChatEventScope scope, string scopeId)
    {
        _lastSeen.Remove((scope, scopeId, ChatEventFamily.Messages));
        _lastSeen.Remove((scope, scopeId, ChatEventFamily.Changes));
    }
}
