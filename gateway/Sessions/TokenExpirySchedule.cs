namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The sessions whose token has a next step (warning or close), in the order they fall due, behind one
/// timer armed for the earliest. A timer per session is not free while it waits: .NET walks its whole
/// list of long timers three times a second, which was 17 % of an idle gateway's CPU at 10,000 connections.
/// </summary>
internal sealed class TokenExpirySchedule : IDisposable
{
    // A timer cannot wait longer than about 49 days; a later step is re-checked when this wait ends.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    private readonly SortedSet<ChatSession> _pending = new(DueFirst.Instance);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Action<ChatSession> _due;
    private readonly ITimer _timer;
    private DateTimeOffset _armedFor = DateTimeOffset.MaxValue;

    public TokenExpirySchedule(TimeProvider time, Action<ChatSession> due)
    {
        _time = time;
        _due = due;
        // The timer is made once, on first use inside some connection's request: it must not carry that
        // request's execution context into every later callback.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static state => ((TokenExpirySchedule)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Calls back for the session at <paramref name="dueAt"/>, in place of any earlier setting.</summary>
    public void Set(ChatSession session, DateTimeOffset dueAt)
    {
        var token = session.Token;
        lock (_gate)
        {
            // The set is ordered by DueAt: it only changes while the session is out of the set.
            if (token.Scheduled)
            {
                _pending.Remove(session);
            }

            token.DueAt = dueAt;
            token.Scheduled = true;
            _pending.Add(session);
            if (dueAt < _armedFor)
            {
                Arm(dueAt, _time.GetUtcNow());
            }
        }
    }

    /// <summary>Forgets the session; the timer stays armed for what was earliest and re-arms when it fires.</summary>
    public void Clear(ChatSession session)
    {
        var token = session.Token;
        lock (_gate)
        {
            if (token.Scheduled)
            {
                _pending.Remove(session);
                token.Scheduled = false;
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        List<ChatSession>? due = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _armedFor = DateTimeOffset.MaxValue;
            while (_pending.Min is { } first && first.Token.DueAt <= now)
            {
                _pending.Remove(first);
                first.Token.Scheduled = false;
                (due ??= []).Add(first);
            }

            if (_pending.Min is { } next)
            {
                Arm(next.Token.DueAt, now);
            }
        }

        // Outside the lock: each step takes the session's own lock and may set the session again.
        if (due is not null)
        {
            foreach (var session in due)
            {
                _due(session);
            }
        }
    }

    private void Arm(DateTimeOffset dueAt, DateTimeOffset now)
    {
        var wait = dueAt - now;
        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }
        else if (wait > LongestWait)
        {
            wait = LongestWait;
            dueAt = now + LongestWait;
        }

        _armedFor = dueAt;
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private sealed class DueFirst : IComparer<ChatSession>
    {
        public static readonly DueFirst Instance = new();

        public int Compare(ChatSession? x, ChatSession? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            var byDue = x!.Token.DueAt.CompareTo(y!.Token.DueAt);
            return byDue != 0 ? byDue : x.Token.Order.CompareTo(y.Token.Order);
        }
    }
}
