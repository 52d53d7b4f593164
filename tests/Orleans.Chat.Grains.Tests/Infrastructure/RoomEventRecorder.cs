using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Subscribes to a room's live events as a gateway does, and records what arrives.</summary>
public sealed class RoomEventRecorder : EventLog<RoomEvent>, IRoomObserver, IAsyncDisposable
{
    private IClusterClient? _client;
    private IRoomObserver? _reference;

    public int SubscriptionsEnded { get; private set; }

    /// <summary>Pushes received (each carries one or more events).</summary>
    public int Batches { get; private set; }

    public IRoomObserver Reference => _reference ?? throw new InvalidOperationException("Not subscribed.");

    public static async Task<RoomEventRecorder> SubscribeAsync(IClusterClient client, string roomId)
    {
        var recorder = new RoomEventRecorder { _client = client };
        recorder._reference = client.CreateObjectReference<IRoomObserver>(recorder);
        await client.GetGrain<IRoomGrain>(roomId).Subscribe(recorder._reference);
        return recorder;
    }

    public Task OnRoomEvents(RoomEventBatch batch)
    {
        Batches++;
        foreach (var roomEvent in batch.Events)
        {
            Record(roomEvent);
        }

        return Task.CompletedTask;
    }

    public Task OnSubscriptionEnded()
    {
        SubscriptionsEnded++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (_client is not null && _reference is not null)
        {
            _client.DeleteObjectReference<IRoomObserver>(_reference);
        }

        return ValueTask.CompletedTask;
    }
}
