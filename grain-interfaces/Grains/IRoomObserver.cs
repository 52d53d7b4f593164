using Orleans.Concurrency;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains;

/// <summary>
/// A gateway's receiver of one room's live events. The room pushes each event to every
/// subscribed gateway with a one-way call: one call per gateway, whatever the number of
/// members, and no queue polled on a timer in between.
/// </summary>
[Alias("chat.IRoomObserver")]
public interface IRoomObserver : IGrainObserver
{
    /// <summary>Events in the order they happened (several when a batch of messages was stored at once).</summary>
    [OneWay, Alias("OnRoomEvents")] Task OnRoomEvents(RoomEventBatch batch);

    /// <summary>The room is deactivating and forgets its subscribers: subscribe again now.</summary>
    [OneWay, Alias("OnSubscriptionEnded")] Task OnSubscriptionEnded();
}
