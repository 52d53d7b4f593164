using System.Collections.Concurrent;
using Orleans.Chat.Model;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Every live session on this gateway, and per user the connections the user's presence partition
/// has been told about (what this gateway's lease for the user must hold).
/// </summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PresenceHeld> _presence = new(StringComparer.Ordinal);
    private ISessionObserver? _observer;

    public SessionRegistry() => GatewayMetrics.Watch(this);

    public int ConnectionCount => _sessions.Count;

    public ICollection<ChatSession> Sessions => _sessions.Values;

    /// <summary>The live sessions without a snapshot copy (the metrics read them at each scrape).</summary>
    public IEnumerable<ChatSession> Live => _sessions.Select(static entry => entry.Value);

    /// <summary>Users whose connections on this gateway count in presence.</summary>
    public ICollection<string> PresentUserIds => _presence.Keys;

    /// <summary>Who watches the sessions; set only while someone does (see <see cref="ISessionObserver"/>).</summary>
    public ISessionObserver? Observer
    {
        get => Volatile.Read(ref _observer);
        set => Volatile.Write(ref _observer, value);
    }

    public void Add(ChatSession session)
    {
        session.Registry = this;
        _sessions[session.Id] = session;
        Observer?.SessionOpened(session);
    }

    public void Remove(ChatSession session)
    {
        if (_sessions.TryRemove(session.Id, out _))
        {
            Observer?.SessionClosed(session);
        }
    }

    /// <summary>The connections of the user that presence counts; null when none.</summary>
    public PresenceHeld? PresenceOf(string userId) => _presence.TryGetValue(userId, out var held) ? held : null;

    /// <summary>Call after presence counted the session's connection.</summary>
    public void PresenceConnected(ChatSession session) =>
        _presence.AddOrUpdate(session.User.Id, static (_, s) => new PresenceHeld(s.UserRef, 1), static (_, held, _) => held with { Connections = held.Connections + 1 }, session);

    /// <summary>Call before telling presence the session's connection is gone.</summary>
    public void PresenceDisconnected(ChatSession session)
    {
        var userId = session.User.Id;
        while (_presence.TryGetValue(userId, out var held))
        {
            var done = held.Connections <= 1
                ? _presence.TryRemove(new KeyValuePair<string, PresenceHeld>(userId, held))
                : _presence.TryUpdate(userId, held with { Connections = held.Connections - 1 }, held);
            if (done)
            {
                return;
            }
        }
    }
}

/// <summary>A user and the number of their connections on this gateway that presence counts.</summary>
public sealed record PresenceHeld(UserRef User, int Connections);
