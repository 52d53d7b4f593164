using Orleans.Streams;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Subscribes to a stream through the cluster client and records what arrives.</summary>
public sealed class StreamRecorder<T> : IAsyncObserver<T>, IAsyncDisposable
{
    private readonly List<T> _received = [];
    private StreamSubscriptionHandle<T>? _subscription;

    public static async Task<StreamRecorder<T>> SubscribeAsync(IClusterClient client, string provider, StreamId streamId)
    {
        var recorder = new StreamRecorder<T>();
        recorder._subscription = await client.GetStreamProvider(provider).GetStream<T>(streamId).SubscribeAsync(recorder);
        return recorder;
    }

    public IReadOnlyList<T> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits until the received items satisfy <paramref name="done"/>; fails after the timeout.</summary>
    public async Task<IReadOnlyList<T>> WaitUntilAsync(Func<IReadOnlyList<T>, bool> done, TimeSpan? timeout = null)
    {
        var received = Received;
        await Eventually.TrueAsync(() =>
        {
            received = Received;
            return Task.FromResult(done(received));
        }, timeout, "the stream events expected");
        return received;
    }

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        lock (_received)
        {
            _received.Add(item);
        }

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
