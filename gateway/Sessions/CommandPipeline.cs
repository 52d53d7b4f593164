namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Runs a session's client events in the order they were read, letting events that may overlap
/// (see <c>ICommandDispatcher.CanOverlap</c>) run while the next ones are read: a client with
/// several messages in flight gets them stored together, in order, instead of one round trip each.
/// Any other event first waits for every overlapping one before it. Used by the session's single
/// receive loop only.
/// </summary>
public sealed class CommandPipeline(Action<Exception> onOverlappedFault)
{
    /// <summary>Most overlapping events in flight per session; the next waits for the oldest.</summary>
    public const int MaxOverlapping = 16;

    private readonly Queue<Task> _running = new();

    /// <summary>
    /// Runs <paramref name="command"/>. An overlapping command must have read everything it needs
    /// from the inbound frame before its first await: the frame's buffer is reused after this returns.
    /// It starts once fewer than <paramref name="limit"/> overlapping commands are in flight.
    /// </summary>
    public async ValueTask RunAsync(bool overlaps, Func<Task> command, int limit = MaxOverlapping)
    {
        if (!overlaps)
        {
            await DrainAsync();
            await command();
            return;
        }

        limit = Math.Clamp(limit, 1, MaxOverlapping);
        while (_running.Count >= limit || (_running.Count > 0 && _running.Peek().IsCompleted))
        {
            await _running.Dequeue();
        }

        _running.Enqueue(ObserveAsync(command()));
    }

    /// <summary>
    /// An overlapping command that fails is reported here, never rethrown into the unrelated
    /// command that happens to wait for it.
    /// </summary>
    private async Task ObserveAsync(Task running)
    {
        try
        {
            await running;
        }
        catch (Exception ex)
        {
            onOverlappedFault(ex);
        }
    }

    /// <summary>Waits for every overlapping command still running (before the session closes).</summary>
    public async Task DrainAsync()
    {
        while (_running.Count > 0)
        {
            await _running.Dequeue();
        }
    }
}
