using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// The messages of a room or conversation that readers may see: exactly those with
/// seq &gt; LastSeq - capacity, held in memory in seq order and indexed by (sender, clientMsgId) for dedupe.
/// </summary>
/// <remarks>
/// Messages that fall out of the window are dropped a page at a time, so memory stays within
/// capacity + one page and the cost per message stays constant.
/// </remarks>
internal sealed class RetainedMessages<TMessage>(int capacity, int trimBatch)
    where TMessage : class, ISequencedMessage
{
    private readonly List<TMessage> _messages = [];
    private readonly Dictionary<ClientMessageKey, TMessage> _byClientMsgId = [];

    public long LastSeq { get; private set; }

    /// <summary>The oldest seq readers may see (LastSeq + 1 while there is no message).</summary>
    public long FirstSeq => Math.Max(1, LastSeq - capacity + 1);

    /// <summary>Adds the next message; its seq must be above every message added before.</summary>
    public void Add(TMessage message)
    {
        if (message.Seq <= LastSeq)
        {
            throw new ArgumentException($"Seq {message.Seq} is not above the last seq {LastSeq}.", nameof(message));
        }

        _messages.Add(message);
        LastSeq = message.Seq;
        if (message.ClientMsgId is { } clientMsgId)
        {
            _byClientMsgId.TryAdd(new ClientMessageKey(message.SenderId, clientMsgId), message);
        }

        DropExpired();
    }

    /// <summary>Finds a visible message by its seq.</summary>
    public bool TryGet(long seq, out TMessage message)
    {
        var index = IndexOfFirstAtLeast(seq);
        if (seq >= FirstSeq && index < _messages.Count && _messages[index].Seq == seq)
        {
            message = _messages[index];
            return true;
        }

        message = null!;
        return false;
    }

    /// <summary>Puts a new version of a held message (an edit or a delete) in its place.</summary>
    public void Replace(TMessage updated)
    {
        var index = IndexOfFirstAtLeast(updated.Seq);
        if (index >= _messages.Count || _messages[index].Seq != updated.Seq)
        {
            throw new ArgumentException($"Seq {updated.Seq} is not held.", nameof(updated));
        }

        var previous = _messages[index];
        _messages[index] = updated;
        if (previous.ClientMsgId is { } clientMsgId)
        {
            var key = new ClientMessageKey(previous.SenderId, clientMsgId);
            if (_byClientMsgId.TryGetValue(key, out var indexed) && ReferenceEquals(indexed, previous))
            {
                _byClientMsgId[key] = updated;
            }
        }
    }

    /// <summary>
    /// The visible messages with a change seq above <paramref name="sinceChangeSeq"/> and a seq at most
    /// <paramref name="maxSeq"/>, ascending by change seq, at most <paramref name="limit"/>; and whether more follow.
    /// </summary>
    public (IReadOnlyList<TMessage> Messages, bool HasMore) ChangedAfter(long sinceChangeSeq, int limit, long maxSeq = long.MaxValue)
    {
        var changed = new List<TMessage>();
        for (var i = IndexOfFirstAtLeast(FirstSeq); i < _messages.Count && _messages[i].Seq <= maxSeq; i++)
        {
            if (_messages[i].ChangeSeq > sinceChangeSeq)
            {
                changed.Add(_messages[i]);
            }
        }

        changed.Sort(static (a, b) => a.ChangeSeq.CompareTo(b.ChangeSeq));
        var take = Math.Max(0, limit);
        return changed.Count > take ? (changed.GetRange(0, take), true) : (changed, false);
    }

    /// <summary>Finds a visible message by its sender's idempotency key.</summary>
    public bool TryFind(string senderId, string clientMsgId, out TMessage message)
    {
        if (_byClientMsgId.TryGetValue(new ClientMessageKey(senderId, clientMsgId), out var found) && found.Seq >= FirstSeq)
        {
            message = found;
            return true;
        }

        message = null!;
        return false;
    }

    /// <summary>The newest visible messages below <paramref name="beforeSeq"/>, ascending.</summary>
    public IReadOnlyList<TMessage> Newest(int limit, long beforeSeq = long.MaxValue)
    {
        var start = IndexOfFirstAtLeast(FirstSeq);
        var end = IndexOfFirstAtLeast(beforeSeq);
        start = Math.Max(start, end - Math.Max(0, limit));
        return Slice(start, end);
    }

    /// <summary>The oldest visible messages above <paramref name="afterSeq"/> and below <paramref name="beforeSeq"/>, ascending.</summary>
    public IReadOnlyList<TMessage> Oldest(long afterSeq, int limit, long beforeSeq = long.MaxValue)
    {
        var start = IndexOfFirstAtLeast(Math.Max(FirstSeq, SaturatingIncrement(afterSeq)));
        var end = IndexOfFirstAtLeast(beforeSeq);
        end = (int)Math.Min(end, (long)start + Math.Max(0, limit));
        return Slice(start, end);
    }

    private void DropExpired()
    {
        var expired = IndexOfFirstAtLeast(FirstSeq);
        if (expired < trimBatch)
        {
            return;
        }

        foreach (var message in _messages.Take(expired))
        {
            if (message.ClientMsgId is { } clientMsgId)
            {
                var key = new ClientMessageKey(message.SenderId, clientMsgId);
                if (_byClientMsgId.TryGetValue(key, out var indexed) && ReferenceEquals(indexed, message))
                {
                    _byClientMsgId.Remove(key);
                }
            }
        }

        _messages.RemoveRange(0, expired);
    }

    private List<TMessage> Slice(int start, int end) => end > start ? _messages.GetRange(start, end - start) : [];

    /// <summary>Index of the first message with seq &gt;= <paramref name="seq"/> (Count when none).</summary>
    private int IndexOfFirstAtLeast(long seq)
    {
        int low = 0, high = _messages.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_messages[middle].Seq < seq)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static long SaturatingIncrement(long value) => value == long.MaxValue ? value : value + 1;

    private readonly record struct ClientMessageKey(string SenderId, string ClientMsgId);
}
