namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The rooms a session is currently typing in, each with the timer that sends
/// user-stopped-typing when no further typing event arrives in time.
/// </summary>
public sealed class TypingTracker
{
    private readonly Dictionary<string, ITimer> _timers = new(StringComparer.Ordinal);

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

    /// <summary>Stops every timer and returns the rooms the session was typing in.</summary>
    public string[] StopAll()
    {
        lock (_timers)
        {
            var rooms = _timers.Keys.ToArray();
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
            return rooms;
        }
    }
}
