namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>What the keep-alive does with one connection on a sweep.</summary>
public enum KeepAliveStep
{
    Nothing,
    Ping,
    Abort,
}

/// <summary>
/// One connection's keep-alive, as <see cref="NativeKeepAlive"/> sees it on each sweep: anything received
/// (a changed receive count) makes it active; silent for the interval, it is pinged once; silent for the
/// timeout after that ping, it is given up. Only the sweeper touches it.
/// </summary>
public class KeepAliveState(long now)
{
    private long _seenReceives = -1;
    private long _activeAt = now;
    private long _pingSentAt;
    private bool _awaitingPong;

    public KeepAliveStep Check(long receiveCount, long now, long intervalMs, long timeoutMs)
    {
        if (receiveCount != _seenReceives)
        {
            _seenReceives = receiveCount;
            _activeAt = now;
            _awaitingPong = false;
            return KeepAliveStep.Nothing;
        }

        if (_awaitingPong)
        {
            return now - _pingSentAt >= timeoutMs ? KeepAliveStep.Abort : KeepAliveStep.Nothing;
        }

        if (now - _activeAt < intervalMs)
        {
            return KeepAliveStep.Nothing;
        }

        _awaitingPong = true;
        _pingSentAt = now;
        return KeepAliveStep.Ping;
    }
}
