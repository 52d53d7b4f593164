using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// This gateway's sends to one room. At most <see cref="MaxInFlight"/> calls are in flight; sends
/// arriving meanwhile wait and then go together as one batch, so under load a room stores and
/// pushes many messages per page write and per call, while the next call is already queued at the
/// room (no idle gap between calls), and when idle a send goes at once. Order is kept.
/// </summary>
internal sealed class RoomSendQueue(IRoomGrain room)
{
    /// <summary>Most requests in one call.</summary>
    public const int MaxBatch = 64;

    /// <summary>
    /// Calls in flight at once: two keep the room busy while the next batch gathers (one measured
    /// a third slower). They keep their order: Orleans sends one grain's messages over one
    /// connection (client sender buckets), and a room takes its calls one at a time, in order.
    /// </summary>
    public const int MaxInFlight = 2;

    private readonly Queue<PendingSend> _waiting = new();
    private int _inFlight;
    private bool _usedSinceMark;

    /// <summary>True when nothing was sent since the previous call and nothing is in flight.</summary>
    public bool TakeIdleMark()
    {
        lock (_waiting)
        {
            var idle = !_usedSinceMark && _inFlight == 0;
            _usedSinceMark = false;
            return idle;
        }
    }

    public Task<SendMessageResult> SendAsync(SendMessageRequest request)
    {
        var pending = new PendingSend(request);
        lock (_waiting)
        {
            _waiting.Enqueue(pending);
            _usedSinceMark = true;
            if (_inFlight == MaxInFlight)
            {
                return pending.Result.Task;
            }

            _inFlight++;
        }

        // Not awaited here: the loop serves every send queued behind it. It never throws (each batch's
        // outcome goes to its callers), and each caller awaits its own result, so it ends with them.
        _ = RunAsync();
        return pending.Result.Task;
    }

    private async Task RunAsync()
    {
        while (TakeBatch() is { } batch)
        {
            try
            {
                var results = await room.SendBatch([.. batch.Select(pending => pending.Request)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                batch.ForEach(pending => pending.Result.TrySetException(ex));
            }
        }
    }

    private List<PendingSend>? TakeBatch()
    {
        lock (_waiting)
        {
            if (_waiting.Count == 0)
            {
                _inFlight--;
                return null;
            }

            var batch = new List<PendingSend>(Math.Min(_waiting.Count, MaxBatch));
            while (batch.Count < MaxBatch && _waiting.TryDequeue(out var pending))
            {
                batch.Add(pending);
            }

            return batch;
        }
    }

    private sealed class PendingSend(SendMessageRequest request)
    {
        public SendMessageRequest Request { get; } = request;

        // Completed off the queue's loop, so a caller's continuation cannot hold up the next batch.
        public TaskCompletionSource<SendMessageResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
