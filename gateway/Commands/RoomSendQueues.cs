using System.Collections.Concurrent;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// The <see cref="RoomSendQueue"/> of each room this gateway is sending to; a queue is dropped
/// once idle. Should a send race with the drop it gets a fresh queue: two calls for one room may
/// then overlap, which the room grain serializes.
/// </summary>
public sealed class RoomSendQueues(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, RoomSendQueue> _queues = new(StringComparer.Ordinal);

    public Task<SendMessageResult> SendAsync(string roomId, SendMessageRequest request) =>
        _queues.GetOrAdd(roomId, Create).SendAsync(request);

    private RoomSendQueue Create(string roomId)
    {
        var queue = new RoomSendQueue(grains.GetGrain<IRoomGrain>(roomId));
        queue.Idle += idle => _queues.TryRemove(new KeyValuePair<string, RoomSendQueue>(roomId, idle));
        return queue;
    }
}
