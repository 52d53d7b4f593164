namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// The server side of the Engine.IO 4 heartbeat for every session of a server, from one timer and a timing wheel:
/// each session sits in the slot of the moment it next needs looking at (its ping is due, or its pong overdue), and
/// each tick looks only at the sessions of the slots that came due. A timer per session cost every idle connection
/// a timer, its state and a lock (about 250 bytes); a sweep over all sessions would ping those that came due in a
/// whole sweep at once, and the pooled buffers their writes hold at the same time would stay in the pool.
/// </summary>
/// <remarks>
/// A ping goes out, and a missing pong is noticed, up to one tick late (a 32nd of the shorter setting, between
/// 10 and 50 ms). Slots are visited lazily: a pong moves nothing here, the session's next visit (when its pong would
/// have been overdue) finds it answered and files it for its next ping. Requests judge liveness themselves
/// (<see cref="EngineIoSession.IsPastLivenessDeadline"/>).
/// </remarks>
internal sealed class EngineIoHeartbeat : IDisposable
{
    private static readonly TimeSpan ShortestTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestTick = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    // Each slot heads a list of sessions linked through their own fields (no node per session).
    private readonly EngineIoSession?[] _slots;
    private readonly long _tickStamps;
    private readonly ITimer _timer;
    // Used only by the timer callback, which never runs twice at once (see _running).
    private readonly List<EngineIoSession> _due = [];
    private long _nextTick;
    private int _running;

    public EngineIoHeartbeat(TimeProvider time, TimeSpan interval, TimeSpan timeout)
    {
        _time = time;
        IntervalStamps = ToStamps(time, interval);
        TimeoutStamps = ToStamps(time, timeout);
        DeadlineStamps = ToStamps(time, interval + timeout);
        var tick = TickOf(interval, timeout);
        _tickStamps = Math.Max(1, ToStamps(time, tick));
        // Enough slots for the longest wait; a longer one would only be visited early, and filed again.
        _slots = new EngineIoSession?[(int)Math.Min(Math.Max(IntervalStamps, TimeoutStamps) / _tickStamps + 2, 1 << 16)];
        _nextTick = time.GetTimestamp() / _tickStamps;
        _timer = time.CreateTimer(static state => ((EngineIoHeartbeat)state!).OnTick(), this, tick, tick);
    }

    /// <summary>pingInterval in <see cref="TimeProvider.GetTimestamp"/> units: a session silent this long is pinged.</summary>
    public long IntervalStamps { get; }

    /// <summary>pingTimeout in timestamp units: a ping unanswered this long ends the session.</summary>
    public long TimeoutStamps { get; }

    /// <summary>pingInterval + pingTimeout in timestamp units: a request finding no pong this long ends the session.</summary>
    public long DeadlineStamps { get; }

    public long Now => _time.GetTimestamp();

    /// <summary>How often due sessions are looked at: a 32nd of the shorter setting, between 10 and 50 ms.</summary>
    public static TimeSpan TickOf(TimeSpan interval, TimeSpan timeout)
    {
        var tick = TimeSpan.FromTicks(Math.Min(interval.Ticks, timeout.Ticks) / 32);
        return tick < ShortestTick ? ShortestTick : tick > LongestTick ? LongestTick : tick;
    }

    /// <summary>Files <paramref name="session"/> to be looked at once <paramref name="dueAt"/> (a timestamp) has passed.</summary>
    public void Schedule(EngineIoSession session, long dueAt)
    {
        lock (_gate)
        {
            Unlink(session);
            // Rounded up, and never into a slot already visited.
            var tick = Math.Max((dueAt + _tickStamps - 1) / _tickStamps, _nextTick);
            var slot = (int)(tick % _slots.Length);
            var head = _slots[slot];
            session.WheelNext = head;
            if (head is not null)
            {
                head.WheelPrevious = session;
            }

            _slots[slot] = session;
            session.WheelSlot = slot;
        }
    }

    public void Remove(EngineIoSession session)
    {
        lock (_gate)
        {
            Unlink(session);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTick()
    {
        // A tick that outlasts the period is not run twice at once; the next one catches up.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            lock (_gate)
            {
                for (var last = now / _tickStamps; _nextTick <= last; _nextTick++)
                {
                    var slot = (int)(_nextTick % _slots.Length);
                    var session = _slots[slot];
                    _slots[slot] = null;
                    while (session is not null)
                    {
                        var next = session.WheelNext;
                        session.WheelNext = session.WheelPrevious = null;
                        session.WheelSlot = -1;
                        _due.Add(session);
                        session = next;
                    }
                }
            }

            // Outside the wheel's lock: a session takes its own lock, and files itself again.
            foreach (var session in _due)
            {
                session.OnHeartbeatDue(now);
            }
        }
        finally
        {
            _due.Clear();
            Volatile.Write(ref _running, 0);
        }
    }

    private void Unlink(EngineIoSession session)
    {
        if (session.WheelSlot < 0)
        {
            return;
        }

        if (session.WheelPrevious is { } previous)
        {
            previous.WheelNext = session.WheelNext;
        }
        else
        {
            _slots[session.WheelSlot] = session.WheelNext;
        }

        if (session.WheelNext is { } next)
        {
            next.WheelPrevious = session.WheelPrevious;
        }

        session.WheelNext = session.WheelPrevious = null;
        session.WheelSlot = -1;
    }

    private static long ToStamps(TimeProvider time, TimeSpan span) =>
        (long)(span.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
