namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// The session's inbound turn: packets are handled one at a time, and the close notification after the packet being
/// handled. Nearly always uncontended (one transport reads at a time), so a waiter is made only when a second comes
/// (a last POST overlapping the upgraded WebSocket, or the close): a semaphore cost every connection 88 bytes.
/// </summary>
public sealed partial class EngineIoSession
{
    // Under _gate.
    private bool _inboundHeld;
    private Queue<TaskCompletionSource>? _inboundWaiters;

    private Task EnterInboundAsync()
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (!_inboundHeld)
            {
                _inboundHeld = true;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_inboundWaiters ??= new Queue<TaskCompletionSource>()).Enqueue(waiter);
        }

        return waiter.Task;
    }

    /// <summary>Hands the turn to the next waiter, in arrival order, or frees it.</summary>
    private void ExitInbound()
    {
        TaskCompletionSource? next = null;
        lock (_gate)
        {
            if (_inboundWaiters is { Count: > 0 } waiters)
            {
                next = waiters.Dequeue();
            }
            else
            {
                _inboundHeld = false;
            }
        }

        next?.SetResult();
    }
}
