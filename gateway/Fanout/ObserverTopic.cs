namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// A gateway's single subscription to one grain's live events (a room's), shared by every local session
/// that needs it: the grain pushes to an observer reference of this object.
/// </summary>
internal abstract partial class ObserverTopic<TObserver>(IGrainFactory grains, ILogger logger) : GatedTopic(logger)
    where TObserver : class, IGrainObserver
{
    /// <summary>The reference the grain calls; null until subscribed and after closing.</summary>
    protected TObserver? Reference { get; private set; }

    /// <summary>Re-asserts the subscription and repairs what was missed (when the grain said it was going, or the gateway re-asserts).</summary>
    public abstract Task RenewAsync();

    /// <summary>The grain is deactivating and forgets its subscribers: subscribe to its next activation now.</summary>
    public Task OnSubscriptionEnded()
    {
        // Not awaited: the grain calls this while it deactivates, and the renewal calls it back. The
        // renewal is one guarded call (failures are logged), and a topic closed meanwhile skips it.
        _ = RenewAsync();
        return Task.CompletedTask;
    }

    protected abstract Task UnsubscribeAsync(TObserver reference);

    /// <summary>
    /// Runs <paramref name="call"/> with a new reference when the topic is not subscribed yet (the call must
    /// subscribe it: a grain call that also does more saves a round trip), or with null when it is.
    /// </summary>
    protected async Task<T> SubscribeLockedAsync<T>(Func<TObserver?, Task<T>> call)
    {
        if (Reference is not null)
        {
            return await call(null);
        }

        var reference = CreateReference();
        try
        {
            var result = await call(reference);
            Reference = reference;
            return result;
        }
        catch
        {
            DeleteReference(reference);
            throw;
        }
    }

    /// <summary>The reference a subscription hands the grain: one of this topic, which must implement <typeparamref name="TObserver"/>.</summary>
    private TObserver CreateReference() => grains.CreateObjectReference<TObserver>((TObserver)(object)this);

    /// <summary>Releases a reference from <see cref="CreateReference"/> once the grain no longer has it.</summary>
    private void DeleteReference(TObserver reference) => grains.DeleteObjectReference<TObserver>(reference);

    protected async Task CloseLockedAsync()
    {
        MarkClosed();
        if (Reference is { } reference)
        {
            Reference = null;
            try
            {
                await UnsubscribeAsync(reference);
            }
            catch (Exception ex)
            {
                LogUnsubscribeFailed(Logger, ex, Name);
            }

            DeleteReference(reference);
        }
    }

    /// <summary>Re-asserts the subscription under the gate (when the grain said it was going, or the gateway re-asserts).</summary>
    protected Task RenewGuardedAsync(Func<TObserver, Task> renewLocked) =>
        RunGuardedAsync(renewLocked, renew => Reference is { } reference ? renew(reference) : Task.CompletedTask, LogRenewFailed);

    [LoggerMessage(EventId = 5406, Level = LogLevel.Warning, Message = "Unsubscribing from {Topic} failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception ex, string topic);

    [LoggerMessage(EventId = 5408, Level = LogLevel.Warning, Message = "Renewing the subscription to {Topic} failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex, string topic);
}
