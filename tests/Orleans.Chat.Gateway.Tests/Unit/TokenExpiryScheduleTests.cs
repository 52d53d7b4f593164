using Microsoft.Extensions.Time.Testing;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>The one timer behind every session's token expiry: exact instants, in order, and nothing left behind.</summary>
public sealed class TokenExpiryScheduleTests
{
    private readonly CountingTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<string> _fired = [];

    private TokenExpirySchedule NewSchedule() => new(_time, session => _fired.Add(session.Id));

    private static ChatSession Session(string id) => new RecordingSession(id).Session;

    [Fact]
    public void Sessions_are_called_back_at_their_own_instant_in_due_order_from_one_timer()
    {
        using var schedule = NewSchedule();
        var start = _time.GetUtcNow();
        schedule.Set(Session("c"), start.AddSeconds(30));
        schedule.Set(Session("a"), start.AddSeconds(10));
        schedule.Set(Session("b"), start.AddSeconds(20));
        schedule.Set(Session("b2"), start.AddSeconds(20));

        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_fired);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["session-a"], _fired);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["session-a", "session-b", "session-b2"], _fired);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["session-a", "session-b", "session-b2", "session-c"], _fired);
        Assert.Equal(0, schedule.Count);
        Assert.Equal(1, _time.TimersCreated);
    }

    [Fact]
    public void Setting_a_session_again_replaces_its_instant()
    {
        using var schedule = NewSchedule();
        var start = _time.GetUtcNow();
        var session = Session("a");
        schedule.Set(session, start.AddSeconds(10));
        schedule.Set(session, start.AddSeconds(40));
        Assert.Equal(1, schedule.Count);

        _time.Advance(TimeSpan.FromSeconds(39));
        Assert.Empty(_fired);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["session-a"], _fired);
    }

    [Fact]
    public void A_cleared_session_is_not_called_back_and_is_not_held()
    {
        using var schedule = NewSchedule();
        var start = _time.GetUtcNow();
        var gone = Session("gone");
        schedule.Set(gone, start.AddSeconds(10));
        schedule.Set(Session("kept"), start.AddSeconds(20));
        schedule.Clear(gone);
        schedule.Clear(gone);
        Assert.Equal(1, schedule.Count);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["session-kept"], _fired);
    }

    [Fact]
    public void An_earlier_session_set_later_re_arms_the_timer_for_itself()
    {
        using var schedule = NewSchedule();
        var start = _time.GetUtcNow();
        schedule.Set(Session("late"), start.AddHours(1));
        schedule.Set(Session("early"), start.AddSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["session-early"], _fired);
    }

    [Fact]
    public void A_step_further_off_than_a_timer_can_wait_still_comes_at_its_instant()
    {
        using var schedule = NewSchedule();
        var start = _time.GetUtcNow();
        schedule.Set(Session("far"), start.AddDays(100));
        schedule.Set(Session("never"), DateTimeOffset.MaxValue);

        for (var day = 0; day < 99; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
        }

        Assert.Empty(_fired);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(["session-far"], _fired);
        Assert.Equal(1, schedule.Count);
    }

    [Fact]
    public void A_callback_may_set_its_session_again()
    {
        var start = _time.GetUtcNow();
        TokenExpirySchedule? schedule = null;
        var calls = 0;
        schedule = new TokenExpirySchedule(_time, session =>
        {
            if (++calls < 3)
            {
                schedule!.Set(session, _time.GetUtcNow().AddSeconds(1));
            }
        });
        using var _ = schedule;
        schedule.Set(Session("a"), start.AddSeconds(1));

        for (var second = 0; second < 5; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, calls);
        Assert.Equal(0, schedule.Count);
    }

    private sealed class CountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public int TimersCreated { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
