using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The sidebar of <c>connected</c>: the user's rooms and conversations as get-rooms and
/// get-conversations answer them, read in parallel (the rooms, and the conversations with their last messages).
/// </summary>
public static class SessionSidebar
{
    /// <summary>As many of each as get-rooms and get-conversations give by default.</summary>
    public const int Limit = 100;

    public static async Task<ConnectedSidebar> LoadAsync(IGrainFactory grains, string userId, CancellationToken cancellationToken)
    {
        var user = grains.Reference<IUserGrain>(userId);
        var rooms = user.GetRoomSummaries(Limit, cancellationToken);
        var conversations = ConversationSummariesAsync(grains, userId, Limit, cancellationToken);
        return new ConnectedSidebar(await rooms, await conversations);
    }

    /// <summary>The user's conversations with their last messages, most recently active first: the sidebar's and get-conversations' answer.</summary>
    public static async Task<IReadOnlyList<ConversationSummary>> ConversationSummariesAsync(IGrainFactory grains, string userId, int limit, CancellationToken cancellationToken)
    {
        var entries = await grains.Reference<IUserGrain>(userId).GetConversations(limit, unreadOnly: false, cancellationToken);
        var lastMessages = await Task.WhenAll(entries.Select(entry => grains.Reference<IConversationGrain>(entry.ConversationId).GetLastMessage(cancellationToken)));
        return [.. entries.Select((entry, i) => new ConversationSummary(entry.ConversationId, entry.WithUser, entry.LastSeq, lastMessages[i], entry.Unread, entry.LastChangeSeq))];
    }
}
