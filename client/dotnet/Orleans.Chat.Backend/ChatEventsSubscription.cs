using Orleans.Chat.Streams;
using Orleans.Streams;

namespace Orleans.Chat.Backend;

/// <summary>A subscription to every chat-events partition stream; disposing it unsubscribes them all.</summary>
public sealed class ChatEventsSubscription : IAsyncDisposable
{
    private readonly IReadOnlyList<StreamSubscriptionHandle<ChatEvent>> _handles;
    private int _disposed;

    internal ChatEventsSubscription(IReadOnlyList<StreamSubscriptionHandle<ChatEvent>> handles) => _handles = handles;

    public int Partitions => _handles.Count;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Task.WhenAll(_handles.Select(handle => handle.UnsubscribeAsync()));
        }
    }
}
