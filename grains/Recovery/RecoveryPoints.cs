using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// One user's recovery points of disconnected Socket.IO sessions (key: the session's private id, pid), held
/// by the user grain in memory only: they are short-lived (minutes), and a lost one just means the client
/// reconnects without recovery and rejoins its rooms with sinceSeq. At most <c>capacity</c>; past it the
/// point that expires first goes.
/// </summary>
internal sealed class RecoveryPoints
{
    private readonly Dictionary<string, (SessionRecoveryPoint Point, DateTimeOffset ExpiresAt)> _points = new(StringComparer.Ordinal);

    public void Save(string pid, SessionRecoveryPoint point, DateTimeOffset expiresAt, DateTimeOffset now, int capacity)
    {
        Prune(now);
        _points[pid] = (point, expiresAt);
        while (_points.Count > capacity)
        {
            _points.Remove(_points.MinBy(entry => entry.Value.ExpiresAt).Key);
        }
    }

    /// <summary>The point, once, if it has not expired.</summary>
    public SessionRecoveryPoint? Take(string pid, DateTimeOffset now) =>
        _points.Remove(pid, out var entry) && entry.ExpiresAt >= now ? entry.Point : null;

    /// <summary>How much longer the last of the points must be kept (zero when none is left).</summary>
    public TimeSpan KeepFor(DateTimeOffset now)
    {
        Prune(now);
        return _points.Count == 0 ? TimeSpan.Zero : _points.Values.Max(entry => entry.ExpiresAt) - now;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (pid, entry) in _points)
        {
            if (entry.ExpiresAt < now)
            {
                _points.Remove(pid);
            }
        }
    }
}
