using System.Collections.Concurrent;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// The <see cref="RoomSendQueue"/> of each room this gateway sends to. A queue (and the grain
/// reference it holds, which is costly to make) is kept while the room is busy and dropped once
/// it has been idle for a sweep period. Should a send race with the drop it gets a fresh queue:
/// two calls for one room may then overlap, which the room grain serializes.
/// </summary>
public sealed class RoomSendQueues : IDisposable
{
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, RoomSendQueue> _queues = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly ITimer _sweep;

    public RoomSendQueues(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _sweep = time.CreateTimer(_ => Sweep(), null, SweepPeriod, SweepPeriod);
    }

    public Task<SendMessageResult> SendAsync(string roomId, SendMessageRequest request) =>
        _queues.GetOrAdd(roomId, static (id, grains) => new RoomSendQueue(grains.Reference<IRoomGrain>(id)), _grains).SendAsync(request);

    public void Dispose() => _sweep.Dispose();

    private void Sweep()
    {
        foreach (var (roomId, queue) in _queues)
        {
            if (queue.TakeIdleMark())
            {
                _queues.TryRemove(new KeyValuePair<string, RoomSendQueue>(roomId, queue));
            }
        }
    }
}
