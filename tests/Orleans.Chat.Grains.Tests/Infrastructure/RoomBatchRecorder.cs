using System.Diagnostics;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Subscribes to a room as a gateway does and records each push whole, with when it arrived.</summary>
public sealed class RoomBatchRecorder : ObserverEventLog<(TimeSpan At, RoomEvent[] Events), IRoomObserver>, IRoomObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public static async Task<RoomBatchRecorder> SubscribeAsync(IClusterClient client, string roomId)
    {
        var recorder = new RoomBatchRecorder();
        await client.GetGrain<IRoomGrain>(roomId).Subscribe(recorder.CreateReference(client), ChatClusterFixture.TestGateway);
        return recorder;
    }

    public Task OnRoomEvents(RoomEventBatch batch)
    {
        Add((_clock.Elapsed, batch.Events));
        return Task.CompletedTask;
    }

    public Task OnSubscriptionEnded() => Task.CompletedTask;
}
