namespace Orleans.Chat.Client.Internal;

/// <summary>
/// Edits and deletes per room (or per conversation): the highest change seq given to the app, and while the scope
/// recovers after a reconnect, the live changes that arrived meanwhile. Each change seq reaches the app once and, per
/// scope, in change order, so a recovered (older) state never overwrites a newer live one. Not thread-safe: the
/// client's lock guards it.
/// </summary>
internal sealed class ChangeTracker
{
    private readonly Dictionary<string, Scope> _scopes = new(StringComparer.Ordinal);

    public long? LastChangeSeq(string scopeId) => _scopes.TryGetValue(scopeId, out var scope) ? scope.LastChangeSeq : null;

    /// <summary>An ack told the scope's current counter (join-room, get-private-history, the first sidebar): nothing before it is news.</summary>
    public void Known(string scopeId, long lastChangeSeq)
    {
        var scope = Get(scopeId);
        if (scope.Held is null)
        {
            scope.LastChangeSeq = Math.Max(scope.LastChangeSeq ?? 0, lastChangeSeq);
        }
    }

    /// <summary>A live change: the changes for the app now (none while recovering, or when seen already).</summary>
    public List<MessageChange> Live(string scopeId, MessageChange change)
    {
        var scope = Get(scopeId);
        if (scope.Held is { } held)
        {
            held.Add(change);
            return [];
        }

        return scope.Advance(change.ChangeSeq) ? [change] : [];
    }

    /// <summary>Starts a recovery; returns the change seq to ask after (null when unknown: every retained change).</summary>
    public long? Begin(string scopeId)
    {
        var scope = Get(scopeId);
        scope.Held ??= [];
        return scope.LastChangeSeq;
    }

    /// <summary>Starts a recovery of every tracked scope and of <paramref name="scopeIds"/>: live changes are held until each one's <see cref="End"/>.</summary>
    public void BeginAll(IEnumerable<string> scopeIds)
    {
        foreach (var scopeId in scopeIds)
        {
            Get(scopeId);
        }

        foreach (var scopeId in _scopes.Keys)
        {
            Begin(scopeId);
        }
    }

    /// <summary>The scopes recovering now.</summary>
    public List<string> Held() => [.. _scopes.Where(static s => s.Value.Held is not null).Select(static s => s.Key)];

    /// <summary>
    /// Ends a recovery: the recovered changes and the live ones held meanwhile, in change order, each once.
    /// <paramref name="serverLastChangeSeq"/> is null when the recovery failed: then the scope stays at the last
    /// recovered change, so the next recovery asks again for the rest.
    /// </summary>
    public List<MessageChange> End(string scopeId, IReadOnlyList<MessageChange> recovered, long? serverLastChangeSeq)
    {
        if (!_scopes.TryGetValue(scopeId, out var scope) || scope.Held is not { } held)
        {
            return [];
        }

        scope.Held = null;
        if (serverLastChangeSeq < scope.LastChangeSeq)
        {
            scope.LastChangeSeq = null; // the counter restarted (a server without durable storage restarted)
        }

        var before = scope.LastChangeSeq;
        var merged = recovered.Concat(held).OrderBy(static change => change.ChangeSeq).ToList();
        var result = merged.Where(change => scope.Advance(change.ChangeSeq)).ToList();
        if (serverLastChangeSeq is { } serverLast)
        {
            scope.LastChangeSeq = Math.Max(scope.LastChangeSeq ?? 0, serverLast);
        }
        else
        {
            var lastRecovered = recovered.Count == 0 ? (long?)null : recovered.Max(static change => change.ChangeSeq);
            scope.LastChangeSeq = before is null && lastRecovered is null ? null : Math.Max(before ?? 0, lastRecovered ?? 0);
        }

        return result;
    }

    /// <summary>The connection dropped: held changes are fetched again by the next recovery.</summary>
    public void DropHeld()
    {
        foreach (var scope in _scopes.Values)
        {
            scope.Held = null;
        }
    }

    public void Forget(string scopeId) => _scopes.Remove(scopeId);

    private Scope Get(string scopeId)
    {
        if (!_scopes.TryGetValue(scopeId, out var scope))
        {
            scope = new Scope();
            _scopes.Add(scopeId, scope);
        }

        return scope;
    }

    private sealed class Scope
    {
        public long? LastChangeSeq { get; set; }

        public List<MessageChange>? Held { get; set; }

        public bool Advance(long changeSeq)
        {
            if (LastChangeSeq is { } last && changeSeq <= last)
            {
                return false;
            }

            LastChangeSeq = changeSeq;
            return true;
        }
    }
}
