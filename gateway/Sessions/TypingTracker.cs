namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The rooms a session is currently typing in, each with the timer that ends the typing when no
/// further typing event arrives in time, and the timed-out notices still being sent.
/// </summary>
public sealed class TypingTracker
{
    // Made at the first typing event: most sessions never type, and an empty dictionary is 80 bytes.
    private Dictionary<string, ITimer>? _timers;
    private Task _timedOutNotices = Task.CompletedTask;

    // Locks on itself: each tracker is private to its session, so nothing else takes this lock.
    private object Gate => this;

    /// <summary>Starts or restarts the room's timer; true when the session was not typing there yet.</summary>
    public bool Start(string roomId, TimeSpan timeout, Func<ITimer> createTimer)
    {
        lock (Gate)
        {
            var timers = _timers ??= new Dictionary<string, ITimer>(StringComparer.Ordinal);
            if (timers.TryGetValue(roomId, out var timer))
            {
                timer.Change(timeout, Timeout.InfiniteTimeSpan);
                return false;
            }

            timers[roomId] = createTimer();
            return true;
        }
    }

    /// <summary>Stops the room's timer; true when the session was typing there.</summary>
    public bool Stop(string roomId)
    {
        lock (Gate)
        {
            if (_timers is null || !_timers.Remove(roomId, out var timer))
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
        lock (Gate)
        {
            _timedOutNotices = ThenAsync(_timedOutNotices, notice);
        }
    }

    /// <summary>Stops every timer: the rooms the session was typing in, and the timed-out notices still running.</summary>
    public (string[] Rooms, Task TimedOutNotices) StopAll()
    {
        lock (Gate)
        {
            if (_timers is not { } timers)
            {
                return ([], _timedOutNotices);
            }

            var rooms = timers.Keys.ToArray();
            foreach (var timer in timers.Values)
            {
                timer.Dispose();
            }

            timers.Clear();
            return (rooms, _timedOutNotices);
        }
    }

    private static async Task ThenAsync(Task previous, Func<Task> next)
    {
        await previous;
        await next();
    }
}
