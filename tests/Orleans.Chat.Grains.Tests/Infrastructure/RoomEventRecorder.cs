using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Subscribes to a room's live events as a gateway does, and records what arrives.</summary>
public sealed class RoomEventRecorder : ObserverEventLog<RoomEvent, IRoomObserver>, IRoomObserver
{
    public int SubscriptionsEnded { get; private set; }

    /// <summary>Pushes received (each carries one or more events).</summary>
    public int Batches { get; private set; }

    public static async Task<RoomEventRecorder> SubscribeAsync(IClusterClient client, string roomId)
    {
        var recorder = new RoomEventRecorder();
        await client.GetGrain<IRoomGrain>(roomId).Subscribe(recorder.CreateReference(client), ChatClusterFixture.TestGateway);
        return recorder;
    }

    public Task OnRoomEvents(RoomEventBatch batch)
    {
        Batches++;
        foreach (var roomEvent in batch.Events)
        {
            Add(roomEvent);
        }

        return Task.CompletedTask;
    }

    public Task OnSubscriptionEnded()
    {
        SubscriptionsEnded++;
        return Task.CompletedTask;
    }
}
