namespace Orleans.Chat.Grains;

/// <summary>
/// The gateways subscribed to a grain's live events. A subscription rides its gateway's one lease
/// (<see cref="GatewayLiveness"/>): nothing is renewed per subscriber, and a subscriber whose gateway
/// lapsed is skipped and dropped. Kept in memory only: a new activation starts empty and gateways find
/// out when the old one tells them it is going, or when they re-assert after a silo loss.
/// </summary>
/// <remarks>
/// While it has subscribers the activation is kept from idle collection (<paramref name="keepAlive"/>):
/// collecting it would only end the subscriptions and have the gateways re-activate it at once.
/// <paramref name="alsoHeld"/> says whether the owner holds something else for a gateway on the same
/// tracking (the user grain's presence counts): the gateway stays tracked while it does.
/// </remarks>
internal sealed class LeasedObservers<TObserver>(GatewayLiveness liveness, IGrainContext owner, Action<bool> keepAlive, Func<string, bool>? alsoHeld = null)
    where TObserver : IGrainObserver
{
    private readonly Dictionary<GrainId, Subscriber> _subscribers = [];

    public int Count => _subscribers.Count;

    /// <summary>Adds the observer, or re-asserts it (a new stamp); true when it was already subscribed.</summary>
    public bool Subscribe(TObserver observer, string gatewayId)
    {
        var id = observer.GetGrainId();
        var known = _subscribers.TryGetValue(id, out var previous);
        if (known && previous.GatewayId != gatewayId)
        {
            Remove(id);
            known = false;
        }

        _subscribers[id] = new Subscriber(observer, gatewayId, liveness.Track(gatewayId, owner.GrainId));
        keepAlive(true);
        return known;
    }

    public void Unsubscribe(TObserver observer) => Remove(observer.GetGrainId());

    /// <summary>
    /// Makes the (one-way) call on every subscriber whose gateway is live, dropping lapsed ones on the
    /// way; returns how many were called.
    /// </summary>
    public int Notify<TEvent>(TEvent item, Func<TObserver, TEvent, Task> call)
    {
        List<GrainId>? lapsed = null;
        var called = 0;
        foreach (var (id, subscriber) in _subscribers)
        {
            if (liveness.IsLapsed(subscriber.GatewayId, subscriber.Stamp))
            {
                (lapsed ??= []).Add(id);
                continue;
            }

            call(subscriber.Observer, item).Ignore();
            called++;
        }

        lapsed?.ForEach(Remove);
        return called;
    }

    /// <summary>Whether any subscriber came from the gateway.</summary>
    public bool Holds(string gatewayId) => _subscribers.Values.Any(subscriber => subscriber.GatewayId == gatewayId);

    /// <summary>Whether any subscriber's gateway is live (a gateway would take a push now).</summary>
    public bool AnyLive() => _subscribers.Values.Any(subscriber => !liveness.IsLapsed(subscriber.GatewayId, subscriber.Stamp));

    /// <summary>The gateway lapsed: drops its subscribers, unless they were re-asserted since.</summary>
    public void GatewayLapsed(string gatewayId)
    {
        var ofGateway = _subscribers.Where(entry => entry.Value.GatewayId == gatewayId).ToList();
        foreach (var (id, subscriber) in ofGateway)
        {
            if (liveness.IsLapsed(gatewayId, subscriber.Stamp))
            {
                Remove(id);
            }
        }

        if (Holds(gatewayId))
        {
            // The check stopped tracking it for this grain when it called: still subscribed, so track it again.
            liveness.Track(gatewayId, owner.GrainId);
        }
    }

    /// <summary>Makes the call on every subscriber and forgets them all (the activation is going).</summary>
    public void EndAll(Func<TObserver, Task> call)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            call(subscriber.Observer).Ignore();
            liveness.Untrack(subscriber.GatewayId, owner.GrainId);
        }

        _subscribers.Clear();
        keepAlive(false);
    }

    private void Remove(GrainId id)
    {
        if (!_subscribers.Remove(id, out var removed))
        {
            return;
        }

        if (!Holds(removed.GatewayId) && alsoHeld?.Invoke(removed.GatewayId) != true)
        {
            liveness.Untrack(removed.GatewayId, owner.GrainId);
        }

        if (_subscribers.Count == 0)
        {
            keepAlive(false);
        }
    }

    private readonly record struct Subscriber(TObserver Observer, string GatewayId, long Stamp);
}
