using Orleans.Chat.Streams;

namespace Orleans.Chat.Backend;

/// <summary>
/// The last message seq and change seq seen per scope of one partition, for at most a fixed number
/// of scopes: past it the oldest scope is forgotten (its next event starts over without a gap check),
/// so a busy cluster cannot make a consumer hold unbounded state.
/// </summary>
internal sealed class ScopeSeqs(int capacity)
{
    private readonly Dictionary<(ChatEventScope, string), Entry> _entries = [];
    private readonly Queue<(ChatEventScope, string)> _order = new();

    public Entry Get(ChatEventScope scope, string scopeId)
    {
        var key = (scope, scopeId);
        if (_entries.TryGetValue(key, out var entry))
        {
            return entry;
        }

        while (_entries.Count >= capacity && _order.TryDequeue(out var oldest))
        {
            _entries.Remove(oldest);
        }

        entry = new Entry();
        _entries[key] = entry;
        _order.Enqueue(key);
        return entry;
    }

    public int Count => _entries.Count;

    /// <summary>0: nothing seen yet (seqs start at 1).</summary>
    internal sealed class Entry
    {
        public long MessageSeq { get; set; }

        public long ChangeSeq { get; set; }
    }
}
