namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// The server side of the Engine.IO 4 heartbeat: a ping every pingInterval, and a timeout when no pong
/// comes within pingTimeout. Requests also ask <see cref="IsPastDeadline"/> themselves, so a timer that
/// fires late never lets a dead session answer.
/// </summary>
internal sealed class EngineIoHeartbeat : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    // The session itself, not two delegates to it: each would cost every connection 64 bytes.
    private readonly EngineIoSession _session;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private DateTimeOffset _deadline;
    private bool _awaitingPong;
    private bool _stopped;

    public EngineIoHeartbeat(EngineIoSession session, TimeProvider time, TimeSpan interval, TimeSpan timeout)
    {
        _session = session;
        _time = time;
        _interval = interval;
        _timeout = timeout;
        _timer = time.CreateTimer(static state => ((EngineIoHeartbeat)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the first interval (when the open packet is queued).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _deadline = _time.GetUtcNow() + _interval + _timeout;
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>True when no pong came within pingInterval + pingTimeout of the previous one (or of the start).</summary>
    public bool IsPastDeadline()
    {
        lock (_gate)
        {
            return _time.GetUtcNow() >= _deadline;
        }
    }

    /// <summary>A pong arrived: the next ping is due one interval from now. A pong nobody asked for is ignored.</summary>
    public void OnPong()
    {
        lock (_gate)
        {
            if (!_awaitingPong || _stopped)
            {
                return;
            }

            _awaitingPong = false;
            _deadline = _time.GetUtcNow() + _interval + _timeout;
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        bool timedOut;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            timedOut = _awaitingPong;
            if (!timedOut)
            {
                _awaitingPong = true;
                _timer.Change(_timeout, Timeout.InfiniteTimeSpan);
            }
        }

        if (timedOut)
        {
            _session.OnPingTimeout();
        }
        else
        {
            _session.SendPing();
        }
    }
}
