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
    // Gateways subscribe, not connections: a handful at most, so an array searched in order serves better
    // than a dictionary. A user grain has one subscriber per gateway of the user, and a dictionary of one
    // cost each connected user's activation about 330 bytes.
    private Subscriber[] _subscribers = [];
    private int _count;

    public int Count => _count;

    /// <summary>Adds the observer, or re-asserts it (a new stamp); true when it was already subscribed.</summary>
    public bool Subscribe(TObserver observer, string gatewayId)
    {
        var id = observer.GetGrainId();
        var index = IndexOf(id);
        if (index >= 0 && _subscribers[index].GatewayId != gatewayId)
        {
            Remove(id);
            index = -1;
        }

        var subscriber = new Subscriber(id, observer, gatewayId, liveness.Track(gatewayId, owner.GrainId));
        if (index >= 0)
        {
            _subscribers[index] = subscriber;
        }
        else
        {
            Add(subscriber);
        }

        keepAlive(true);
        return index >= 0;
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
        for (var i = 0; i < _count; i++)
        {
            var subscriber = _subscribers[i];
            if (liveness.IsLapsed(subscriber.GatewayId, subscriber.Stamp))
            {
                (lapsed ??= []).Add(subscriber.Id);
                continue;
            }

            call(subscriber.Observer, item).Ignore();
            called++;
        }

        lapsed?.ForEach(Remove);
        return called;
    }

    /// <summary>Whether any subscriber came from the gateway.</summary>
    public bool Holds(string gatewayId)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_subscribers[i].GatewayId == gatewayId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any subscriber's gateway is live (a gateway would take a push now).</summary>
    public bool AnyLive()
    {
        for (var i = 0; i < _count; i++)
        {
            if (!liveness.IsLapsed(_subscribers[i].GatewayId, _subscribers[i].Stamp))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The gateway lapsed: drops its subscribers, unless they were re-asserted since.</summary>
    public void GatewayLapsed(string gatewayId)
    {
        // From the end: a removal moves the last subscriber into the gap, one already looked at.
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_subscribers[i].GatewayId == gatewayId && liveness.IsLapsed(gatewayId, _subscribers[i].Stamp))
            {
                Remove(_subscribers[i].Id);
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
        for (var i = 0; i < _count; i++)
        {
            call(_subscribers[i].Observer).Ignore();
            liveness.Untrack(_subscribers[i].GatewayId, owner.GrainId);
        }

        Array.Clear(_subscribers);
        _count = 0;
        keepAlive(false);
    }

    private int IndexOf(GrainId id)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_subscribers[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private void Add(Subscriber subscriber)
    {
        if (_count == _subscribers.Length)
        {
            Array.Resize(ref _subscribers, Math.Max(1, _count * 2));
        }

        _subscribers[_count++] = subscriber;
    }

    private void Remove(GrainId id)
    {
        var index = IndexOf(id);
        if (index < 0)
        {
            return;
        }

        var removed = _subscribers[index];
        // Order does not matter: the last one takes the gap.
        _subscribers[index] = _subscribers[--_count];
        _subscribers[_count] = default;
        if (!Holds(removed.GatewayId) && alsoHeld?.Invoke(removed.GatewayId) != true)
        {
            liveness.Untrack(removed.GatewayId, owner.GrainId);
        }

        if (_count == 0)
        {
            keepAlive(false);
        }
    }

    private readonly record struct Subscriber(GrainId Id, TObserver Observer, string GatewayId, long Stamp);
}
