using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// This gateway's sends to one room. One call is in flight at a time; sends arriving meanwhile
/// wait for it and then go together as one batch, so under load a room stores and pushes many
/// messages per page write and per call, and when idle a send goes at once. Order is kept.
/// </summary>
internal sealed class RoomSendQueue(IRoomGrain room)
{
    /// <summary>Most requests in one call.</summary>
    public const int MaxBatch = 64;

    private readonly Queue<PendingSend> _waiting = new();
    private bool _inFlight;

    /// <summary>Raised when the queue has nothing in flight and nothing waiting.</summary>
    public event Action<RoomSendQueue>? Idle;

    public Task<SendMessageResult> SendAsync(SendMessageRequest request)
    {
        var pending = new PendingSend(request);
        lock (_waiting)
        {
            _waiting.Enqueue(pending);
            if (_inFlight)
            {
                return pending.Result.Task;
            }

            _inFlight = true;
        }

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

        Idle?.Invoke(this);
    }

    private List<PendingSend>? TakeBatch()
    {
        lock (_waiting)
        {
            if (_waiting.Count == 0)
            {
                _inFlight = false;
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
