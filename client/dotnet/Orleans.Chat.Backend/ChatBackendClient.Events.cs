using Orleans.Chat.Streams;
using Orleans.Streams;

namespace Orleans.Chat.Backend;

public sealed partial class ChatBackendClient
{
    /// <summary>
    /// Subscribes <paramref name="handler"/> to the whole chat-events feed (the 16 partition streams of
    /// namespace "chat-events" on the "chat" provider). Events of one room or conversation come in seq
    /// order, each once; a message gap is repaired from history before the event that showed it, and
    /// every gap is passed to <paramref name="onGap"/>. A handler that throws is logged and the feed
    /// goes on. The silos publish only with ChatEvents:Enabled = true.
    /// </summary>
    public async Task<ChatEventsSubscription> SubscribeChatEventsAsync(Func<ChatEvent, Task> handler, Func<ChatEventGap, Task>? onGap = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var feed = new ChatEventFeed(cluster, handler, onGap, rules.Options, logger);
        var provider = cluster.GetStreamProvider(ChatStreams.ProviderName);
        var handles = new List<StreamSubscriptionHandle<ChatEvent>>(ChatStreams.ChatEventPartitions);
        try
        {
            for (var partition = 0; partition < ChatStreams.ChatEventPartitions; partition++)
            {
                var index = partition;
                var stream = provider.GetStream<ChatEvent>(ChatStreams.ChatEventPartition(partition));
                handles.Add(await stream.SubscribeAsync((chatEvent, _) => feed.OnNextAsync(index, chatEvent)));
            }
        }
        catch
        {
            await Task.WhenAll(handles.Select(handle => handle.UnsubscribeAsync()));
            throw;
        }

        logger.FeedSubscribed(handles.Count);
        return new ChatEventsSubscription(handles);
    }
}
