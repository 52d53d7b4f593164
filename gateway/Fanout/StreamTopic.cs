using Orleans.Streams;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// A gateway's single subscription to one stream (a room or a user), shared by every local
/// session that needs it. Events, subscribers joining and leaving are all serialized by
/// <see cref="Gate"/>, so a subscriber's view of the stream is always consistent.
/// </summary>
internal abstract partial class StreamTopic<TEvent>(ILogger logger) : IAsyncObserver<TEvent>
{
    private StreamSubscriptionHandle<TEvent>? _handle;

    protected SemaphoreSlim Gate { get; } = new(1, 1);

    protected ILogger Logger { get; } = logger;

    /// <summary>Set once the topic is unsubscribed; callers then make a fresh topic.</summary>
    public bool Closed { get; private set; }

    protected async Task SubscribeLockedAsync(IAsyncStream<TEvent> stream)
    {
        _handle ??= await stream.SubscribeAsync(this);
    }

    protected async Task CloseLockedAsync()
    {
        Closed = true;
        if (_handle is { } handle)
        {
            _handle = null;
            try
            {
                await handle.UnsubscribeAsync();
            }
            catch (Exception ex)
            {
                LogUnsubscribeFailed(Logger, ex, handle.StreamId.ToString());
            }
        }
    }

    public async Task OnNextAsync(TEvent item, StreamSequenceToken? token = null)
    {
        await Gate.WaitAsync();
        try
        {
            if (!Closed)
            {
                await DeliverLockedAsync(item);
            }
        }
        catch (Exception ex)
        {
            // Never fault the subscription: one bad event must not stop the room.
            LogDeliveryFailed(Logger, ex, _handle?.StreamId.ToString());
        }
        finally
        {
            Gate.Release();
        }
    }

    protected abstract Task DeliverLockedAsync(TEvent item);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(Logger, ex, _handle?.StreamId.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing from stream {StreamId} failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception ex, string streamId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering an event of stream {StreamId} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, string? streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId} reported an error")]
    private static partial void LogStreamError(ILogger logger, Exception ex, string? streamId);
}
