using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains;

/// <summary>
/// The gateways subscribed to a room's live events, each under a lease. Kept in memory only:
/// a new activation starts empty and gateways find out on their next renewal (or at once, when
/// the old activation tells them it is going).
/// </summary>
internal sealed class RoomObservers(TimeProvider time)
{
    private readonly Dictionary<GrainId, Subscriber> _subscribers = [];

    public int Count => _subscribers.Count;

    /// <summary>Adds or renews the observer's lease; true when it was already subscribed.</summary>
    public bool Subscribe(IRoomObserver observer)
    {
        var id = observer.GetGrainId();
        var known = _subscribers.ContainsKey(id);
        _subscribers[id] = new Subscriber(observer, time.GetUtcNow() + RoomSubscription.Lease);
        return known;
    }

    public void Unsubscribe(IRoomObserver observer) => _subscribers.Remove(observer.GetGrainId());

    /// <summary>One one-way call per subscribed gateway; lapsed subscriptions are dropped on the way.</summary>
    public void Publish(RoomEvent roomEvent)
    {
        var now = time.GetUtcNow();
        List<GrainId>? lapsed = null;
        foreach (var (id, subscriber) in _subscribers)
        {
            if (subscriber.ExpiresAt < now)
            {
                (lapsed ??= []).Add(id);
                continue;
            }

            subscriber.Observer.OnRoomEvent(roomEvent).Ignore();
        }

        lapsed?.ForEach(id => _subscribers.Remove(id));
    }

    /// <summary>Tells every subscriber this activation is going, so they subscribe to the next one.</summary>
    public void EndAll()
    {
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Observer.OnSubscriptionEnded().Ignore();
        }

        _subscribers.Clear();
    }

    private readonly record struct Subscriber(IRoomObserver Observer, DateTimeOffset ExpiresAt);
}
