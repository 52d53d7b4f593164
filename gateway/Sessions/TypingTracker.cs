namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The rooms a session is currently typing in, each with the timer that ends the typing when no
/// further typing event arrives in time, and the timed-out notices still being sent.
/// </summary>
public sealed class TypingTracker
{
    private readonly Dictionary<string, ITimer> _timers = new(StringComparer.Ordinal);
    private Task _timedOutNotices = Task.CompletedTask;

    /// <summary>Starts or restarts the room's timer; true when the session was not typing there yet.</summary>
    public bool Start(string roomId, TimeSpan timeout, Func<ITimer> createTimer)
    {
        lock (_timers)
        {
            if (_timers.TryGetValue(roomId, out var timer))
            {
                timer.Change(timeout, Timeout.InfiniteTimeSpan);
                return false;
            }

            _timers[roomId] = createTimer();
            return true;
        }
    }

    /// <summary>Stops the room's timer; true when the session was typing there.</summary>
    public bool Stop(string roomId)
    {
        lock (_timers)
        {
            if (!_timers.Remove(roomId, out var timer))
            {
                return false;
            }

            timer.Dispose();
            return true;
        }
    }

    /// <summary>
    /// Runs a timed-out room's notice after the ones before it, kept so that the session's close can
    /// wait for them. <paramref name="notice"/> must not throw.
    /// </summary>
    public void AfterTimeout(Func<Task> notice)
    {
        lock (_timers)
        {
            _timedOutNotices = ThenAsync(_timedOutNotices, notice);
        }
    }

    /// <summary>Stops every timer: the rooms the session was typing in, and the timed-out notices still running.</summary>
    public (string[] Rooms, Task TimedOutNotices) StopAll()
    {
        lock (_timers)
        {
            var rooms = _timers.Keys.ToArray();
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
            return (rooms, _timedOutNotices);
        }
    }

    private static async Task ThenAsync(Task previous, Func<Task> next)
    {
        await previous;
        await next();
    }
}
