using System.Collections.Concurrent;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>Every live session on this gateway, and how many each user has.</summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _perUser = new(StringComparer.Ordinal);

    public int ConnectionCount => _sessions.Count;

    public ICollection<ChatSession> Sessions => _sessions.Values;

    /// <summary>Users with at least one session here.</summary>
    public ICollection<string> UserIds => _perUser.Keys;

    /// <summary>How many sessions the user has here, and one of them (for the user's name); null when none.</summary>
    public (UserRef User, int Connections)? Connections(string userId)
    {
        if (!_perUser.TryGetValue(userId, out var count))
        {
            return null;
        }

        foreach (var session in _sessions.Values)
        {
            if (session.User.Id == userId)
            {
                return (session.UserRef, count);
            }
        }

        return null;
    }

    public void Add(ChatSession session)
    {
        _sessions[session.Id] = session;
        _perUser.AddOrUpdate(session.User.Id, 1, static (_, n) => n + 1);
    }

    public void Remove(ChatSession session)
    {
        if (!_sessions.TryRemove(session.Id, out _))
        {
            return;
        }

        while (_perUser.TryGetValue(session.User.Id, out var n))
        {
            if (n <= 1 ? _perUser.TryRemove(new KeyValuePair<string, int>(session.User.Id, n)) : _perUser.TryUpdate(session.User.Id, n - 1, n))
            {
                return;
            }
        }
    }
}
