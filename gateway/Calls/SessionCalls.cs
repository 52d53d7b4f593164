namespace Orleans.Chat.Gateway.Calls;

/// <summary>
/// The calls one session takes part in (as the caller, or as the answering connection), so that its
/// close can tell each call grain. A user is in one call at a time (others end busy at once), so a
/// session holds one live call and maybe a few just finished: the set keeps the newest
/// <see cref="Capacity"/> and forgets the oldest, which has long ended.
/// </summary>
public sealed class SessionCalls
{
    public const int Capacity = 4;

    private string[]? _callIds;
    private int _count;

    // Locks on itself: each set is private to its session, so nothing else takes this lock (a Lock object would be 40 bytes more per session).
    private object Gate => this;

    public void Track(string callId)
    {
        lock (Gate)
        {
            var ids = _callIds ??= new string[Capacity];
            if (Array.IndexOf(ids, callId, 0, _count) >= 0)
            {
                return;
            }

            if (_count == Capacity)
            {
                Array.Copy(ids, 1, ids, 0, Capacity - 1);
                _count--;
            }

            ids[_count++] = callId;
        }
    }

    public void Untrack(string callId)
    {
        lock (Gate)
        {
            if (_callIds is null)
            {
                return;
            }

            var at = Array.IndexOf(_callIds, callId, 0, _count);
            if (at < 0)
            {
                return;
            }

            Array.Copy(_callIds, at + 1, _callIds, at, _count - at - 1);
            _callIds[--_count] = null!;
        }
    }

    /// <summary>Takes every tracked call out (the session is closing).</summary>
    public string[] TakeAll()
    {
        lock (Gate)
        {
            if (_count == 0)
            {
                return [];
            }

            var taken = _callIds![.._count];
            Array.Clear(_callIds);
            _count = 0;
            return taken;
        }
    }
}
