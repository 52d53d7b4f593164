using System.Collections.Concurrent;
using Orleans.Chat.Events;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Backend.Tests;

/// <summary>Subscribes to a room's live events as a gateway does and keeps what arrives.</summary>
public sealed class RoomEventLog : IRoomObserver
{
    private readonly ConcurrentQueue<RoomEvent> _events = new();

    public IReadOnlyList<RoomEvent> Events => [.. _events];

    public static async Task<RoomEventLog> SubscribeAsync(IClusterClient client, string roomId)
    {
        var log = new RoomEventLog();
        // Under a gateway id no one renews: it holds for one lease TTL (30 s), longer than these tests.
        await client.GetGrain<IRoomGrain>(roomId).Subscribe(client.CreateObjectReference<IRoomObserver>(log), "backend-tests");
        return log;
    }

    public Task OnRoomEvents(RoomEventBatch batch)
    {
        foreach (var roomEvent in batch.Events)
        {
            _events.Enqueue(roomEvent);
        }

        return Task.CompletedTask;
    }

    public Task OnSubscriptionEnded() => Task.CompletedTask;
}
