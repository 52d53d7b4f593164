using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The sidebar of <c>connected</c>: the user's rooms and conversations as get-rooms and
/// get-conversations answer them (the conversations with their last messages).
/// </summary>
public static class SessionSidebar
{
    /// <summary>As many of each as get-rooms and get-conversations give by default.</summary>
    public const int Limit = 100;

    /// <summary>The sidebar from a session start read with <see cref="Limit"/>: adds the conversations' last messages.</summary>
    public static async Task<ConnectedSidebar> FromStartAsync(IGrainFactory grains, SessionStart start, CancellationToken cancellationToken) =>
        new(start.Rooms, await WithLastMessagesAsync(grains, start.Conversations, cancellationToken));

    /// <summary>The user's conversations with their last messages, most recently active first: get-conversations' answer.</summary>
    public static async Task<IReadOnlyList<ConversationSummary>> ConversationSummariesAsync(IGrainFactory grains, string userId, int limit, CancellationToken cancellationToken)
    {
        var entries = await grains.Reference<IUserGrain>(userId).GetConversations(limit, unreadOnly: false, cancellationToken);
        return await WithLastMessagesAsync(grains, entries, cancellationToken);
    }

    private static async Task<IReadOnlyList<ConversationSummary>> WithLastMessagesAsync(IGrainFactory grains, IReadOnlyList<ConversationEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        var lastMessages = await Task.WhenAll(entries.Select(entry => grains.Reference<IConversationGrain>(entry.ConversationId).GetLastMessage(cancellationToken)));
        return [.. entries.Select((entry, i) => new ConversationSummary(entry.ConversationId, entry.WithUser, entry.LastSeq, lastMessages[i], entry.Unread, entry.LastChangeSeq))];
    }
}
