using Orleans.Chat.Streams;
using Orleans.Streams;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// A backend consumer of the whole chat-events feed: explicit subscriptions from the cluster client
/// to all 16 partition streams, recording what arrives (except what <c>drop</c> says to lose, as a
/// consumer that missed an event would).
/// </summary>
public sealed class ChatEventRecorder : EventLog<ChatEvent>, IAsyncDisposable
{
    private readonly List<StreamSubscriptionHandle<ChatEvent>> _subscriptions = [];
    private readonly Func<ChatEvent, bool> _drop;

    private ChatEventRecorder(Func<ChatEvent, bool>? drop) => _drop = drop ?? (static _ => false);

    public static async Task<ChatEventRecorder> SubscribeAsync(IClusterClient client, Func<ChatEvent, bool>? drop = null)
    {
        var recorder = new ChatEventRecorder(drop);
        var provider = client.GetStreamProvider(ChatStreams.ProviderName);
        foreach (var streamId in ChatStreams.AllChatEventStreams())
        {
            recorder._subscriptions.Add(await provider.GetStream<ChatEvent>(streamId).SubscribeAsync(recorder.OnNextAsync));
        }

        return recorder;
    }

    /// <summary>The events of one scope, in arrival order.</summary>
    public IReadOnlyList<ChatEvent> Of(string scopeId) => [.. Received.Where(e => e.ScopeId == scopeId)];

    /// <summary>Waits until <paramref name="scopeId"/> has at least <paramref name="count"/> events, and returns them.</summary>
    public async Task<IReadOnlyList<ChatEvent>> WaitForAsync(string scopeId, int count) =>
        [.. (await WaitUntilAsync(all => all.Count(e => e.ScopeId == scopeId) >= count, $"{count} chat events of {scopeId}"))
            .Where(e => e.ScopeId == scopeId)];

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private Task OnNextAsync(ChatEvent chatEvent, StreamSequenceToken? token)
    {
        if (!_drop(chatEvent))
        {
            Add(chatEvent);
        }

        return Task.CompletedTask;
    }
}
