using Orleans.Chat.Gateway.Protocol.Native;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>One connection's keep-alive decisions, sweep by sweep (interval 25 s, timeout 20 s).</summary>
public sealed class KeepAliveStateTests
{
    private const long Interval = 25_000;
    private const long Timeout = 20_000;

    [Fact]
    public void A_connection_silent_for_the_interval_is_pinged_once_and_aborted_when_the_ping_stays_unanswered()
    {
        var state = new KeepAliveState(now: 0);
        Assert.Equal(KeepAliveStep.Nothing, state.Check(receiveCount: 1, now: 0, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Nothing, state.Check(1, Interval - 1, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Ping, state.Check(1, Interval, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Nothing, state.Check(1, Interval + 1_000, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Nothing, state.Check(1, Interval + Timeout - 1, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Abort, state.Check(1, Interval + Timeout, Interval, Timeout));
    }

    [Fact]
    public void An_answered_ping_restarts_the_interval()
    {
        var state = new KeepAliveState(now: 0);
        state.Check(1, 0, Interval, Timeout);
        Assert.Equal(KeepAliveStep.Ping, state.Check(1, Interval, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Nothing, state.Check(2, Interval + 30, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Nothing, state.Check(2, Interval + Timeout + 1_000, Interval, Timeout));
        Assert.Equal(KeepAliveStep.Ping, state.Check(2, 2 * Interval + 30, Interval, Timeout));
    }

    [Fact]
    public void Anything_received_keeps_a_connection_from_being_pinged()
    {
        var state = new KeepAliveState(now: 0);
        for (var second = 0L; second < 120; second++)
        {
            Assert.Equal(KeepAliveStep.Nothing, state.Check(receiveCount: second / 10, second * 1_000, Interval, Timeout));
        }
    }
}
