namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// What a gateway's topic (one room's or one user's local sessions) runs under: one gate that serializes its
/// events and its sessions joining and leaving, so each session's view of the events is always consistent.
/// </summary>
internal abstract partial class GatedTopic(ILogger logger)
{
    protected SemaphoreSlim Gate { get; } = new(1, 1);

    protected ILogger Logger { get; } = logger;

    /// <summary>Set once the topic has no sessions left and is dropped; callers then make a fresh topic.</summary>
    public bool Closed { get; private set; }

    protected abstract string Name { get; }

    protected void MarkClosed() => Closed = true;

    /// <summary>Runs an event's delivery under the gate; a failure is logged, never thrown back to the grain.</summary>
    protected Task DeliverGuardedAsync<TEvent>(TEvent item, Func<TEvent, Task> deliverLocked) =>
        // One bad event must not stop the others.
        RunGuardedAsync(item, deliverLocked, LogDeliveryFailed);

    /// <summary>
    /// Runs <paramref name="workLocked"/> on <paramref name="state"/> under the gate unless the topic closed; a failure
    /// goes to <paramref name="logFailure"/>. The state is passed, not captured: deliveries allocate no closure here.
    /// </summary>
    protected async Task RunGuardedAsync<TState>(TState state, Func<TState, Task> workLocked, Action<ILogger, Exception, string> logFailure)
    {
        await Gate.WaitAsync();
        try
        {
            if (!Closed)
            {
                await workLocked(state);
            }
        }
        catch (Exception ex)
        {
            logFailure(Logger, ex, Name);
        }
        finally
        {
            Gate.Release();
        }
    }

    [LoggerMessage(EventId = 5407, Level = LogLevel.Error, Message = "Delivering an event of {Topic} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, string topic);
}
