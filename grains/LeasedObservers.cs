namespace Orleans.Chat.Grains;

/// <summary>
/// The gateways subscribed to a grain's live events, each under a lease. Kept in memory only:
/// a new activation starts empty and gateways find out on their next renewal (or at once, when
/// the old activation tells them it is going).
/// </summary>
internal sealed class LeasedObservers<TObserver>(TimeProvider time)
    where TObserver : IGrainObserver
{
    private readonly Dictionary<GrainId, Subscriber> _subscribers = [];

    /// <summary>Adds or renews the observer's lease; true when it was already subscribed.</summary>
    public bool Subscribe(TObserver observer)
    {
        var id = observer.GetGrainId();
        var known = _subscribers.ContainsKey(id);
        _subscribers[id] = new Subscriber(observer, time.GetUtcNow() + Model.LiveEventLease.Lease);
        return known;
    }

    public void Unsubscribe(TObserver observer) => _subscribers.Remove(observer.GetGrainId());

    /// <summary>
    /// Makes the (one-way) call on every subscriber whose lease holds, dropping lapsed ones on the
    /// way; returns how many were called.
    /// </summary>
    public int Notify<TEvent>(TEvent item, Func<TObserver, TEvent, Task> call)
    {
        var now = time.GetUtcNow();
        List<GrainId>? lapsed = null;
        var called = 0;
        foreach (var (id, subscriber) in _subscribers)
        {
            if (subscriber.ExpiresAt < now)
            {
                (lapsed ??= []).Add(id);
                continue;
            }

            call(subscriber.Observer, item).Ignore();
            called++;
        }

        lapsed?.ForEach(id => _subscribers.Remove(id));
        return called;
    }

    /// <summary>Whether any subscriber's lease holds (a gateway would take a push now).</summary>
    public bool AnyLive()
    {
        var now = time.GetUtcNow();
        return _subscribers.Values.Any(subscriber => subscriber.ExpiresAt >= now);
    }

    /// <summary>Makes the call on every subscriber and forgets them all (the activation is going).</summary>
    public void EndAll(Func<TObserver, Task> call)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            call(subscriber.Observer).Ignore();
        }

        _subscribers.Clear();
    }

    private readonly record struct Subscriber(TObserver Observer, DateTimeOffset ExpiresAt);
}
