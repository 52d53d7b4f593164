using Orleans.Streams;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Subscribes to a stream through the cluster client and records what arrives.</summary>
public sealed class StreamRecorder<T> : EventLog<T>, IAsyncObserver<T>, IAsyncDisposable
{
    private StreamSubscriptionHandle<T>? _subscription;

    public static async Task<StreamRecorder<T>> SubscribeAsync(IClusterClient client, string provider, StreamId streamId)
    {
        var recorder = new StreamRecorder<T>();
        recorder._subscription = await client.GetStreamProvider(provider).GetStream<T>(streamId).SubscribeAsync(recorder);
        return recorder;
    }

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        Record(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }
    }
}
