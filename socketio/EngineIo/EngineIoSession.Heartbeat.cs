namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>One session's part of the server's heartbeat (<see cref="EngineIoHeartbeat"/>): when it last answered, and whether a ping is out.</summary>
public sealed partial class EngineIoSession
{
    // Timestamps (TimeProvider.GetTimestamp): the open or the last pong, and the ping awaiting its pong. Under _gate.
    private long _lastPongAt;
    private long _pingSentAt;
    private bool _beating;
    private bool _awaitingPong;

    // The session's place in the heartbeat's wheel; only the wheel touches these, under its own lock.
    internal EngineIoSession? WheelNext { get; set; }

    internal EngineIoSession? WheelPrevious { get; set; }

    internal int WheelSlot { get; set; } = -1;

    /// <summary>
    /// True when no pong came within pingInterval + pingTimeout of the previous one (or of the open).
    /// Requests check this themselves, so a session the heartbeat has not reached yet never answers once dead.
    /// </summary>
    internal bool IsPastLivenessDeadline()
    {
        var heartbeat = _server.Heartbeat;
        lock (_gate)
        {
            return _beating && heartbeat.Now - _lastPongAt >= heartbeat.DeadlineStamps;
        }
    }

    /// <summary>The heartbeat's visit: ping when one is due, end the session when its ping went unanswered, and file it for the next visit.</summary>
    internal void OnHeartbeatDue(long now)
    {
        var heartbeat = _server.Heartbeat;
        HeartbeatStep step;
        long nextVisit;
        lock (_gate)
        {
            if (_isClosed || !_beating)
            {
                return;
            }

            if (_awaitingPong)
            {
                // Timed from the ping really sent: a heartbeat held up (a busy thread pool) pings late, it never
                // ends a session it did not ping in time.
                step = now - _pingSentAt >= heartbeat.TimeoutStamps ? HeartbeatStep.TimedOut : HeartbeatStep.Wait;
                nextVisit = _pingSentAt + heartbeat.TimeoutStamps;
            }
            else if (now - _lastPongAt < heartbeat.IntervalStamps)
            {
                // Answered since the last visit: the next ping is one interval after that pong.
                step = HeartbeatStep.Wait;
                nextVisit = _lastPongAt + heartbeat.IntervalStamps;
            }
            else
            {
                _awaitingPong = true;
                _pingSentAt = now;
                step = HeartbeatStep.Ping;
                nextVisit = now + heartbeat.TimeoutStamps;
            }
        }

        if (step == HeartbeatStep.TimedOut)
        {
            Close(EngineIoCloseReason.PingTimeout);
            return;
        }

        heartbeat.Schedule(this, nextVisit);
        if (step == HeartbeatStep.Ping)
        {
            TryEnqueue(OutboundMessage.Ping);
        }
    }

    private void StartHeartbeat()
    {
        var heartbeat = _server.Heartbeat;
        var now = heartbeat.Now;
        lock (_gate)
        {
            _lastPongAt = now;
            _beating = true;
        }

        heartbeat.Schedule(this, now + heartbeat.IntervalStamps);
    }

    /// <summary>A pong arrived: the next ping is due one interval from now. A pong nobody asked for is ignored.</summary>
    private void OnPong()
    {
        var now = _server.Heartbeat.Now;
        lock (_gate)
        {
            if (_awaitingPong)
            {
                _awaitingPong = false;
                _lastPongAt = now;
            }
        }
    }
}

/// <summary>What a heartbeat visit does with a session.</summary>
internal enum HeartbeatStep
{
    Wait,
    Ping,
    TimedOut,
}
