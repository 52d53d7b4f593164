using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// A user's unread private messages across conversations: the newest Limits:PendingOnConnect,
/// ascending by timestamp. Nothing is removed by reading them; mark-read moves the cursors.
/// </summary>
public sealed class UnreadPrivateMessages(IGrainFactory grains, IOptions<LimitsOptions> limits)
{
    public async Task<IReadOnlyList<PrivateMessage>> ReadAsync(string userId)
    {
        var limit = limits.Value.PendingOnConnect;

        // A conversation with unread messages ends with one (the user's own sends count as read),
        // so the newest N unread messages lie in the N most recently active such conversations.
        var conversations = await grains.Reference<IUserGrain>(userId).GetConversations(limit, unreadOnly: true);
        if (conversations.Count == 0)
        {
            return [];
        }

        // Choose by timestamps first, then fetch only the chosen messages: N messages cross the
        // cluster, not N from each of N conversations.
        var timestamps = await Task.WhenAll(conversations.Select(entry => Conversation(entry).GetUnreadTimestamps(userId, limit)));
        var chosen = timestamps
            .SelectMany((stamps, conversation) => stamps.Select(timestamp => (Conversation: conversation, Timestamp: timestamp)))
            .OrderByDescending(candidate => candidate.Timestamp)
            .Take(limit)
            .CountBy(candidate => candidate.Conversation);
        var unread = await Task.WhenAll(chosen.Select(pick => Conversation(conversations[pick.Key]).GetUnread(userId, pick.Value)));
        return
        [
            .. unread.SelectMany(messages => messages)
                .OrderBy(message => message.Timestamp)
                .ThenBy(message => message.ConversationId, StringComparer.Ordinal)
                .ThenBy(message => message.Seq),
        ];
    }

    private IConversationGrain Conversation(ConversationEntry entry) => grains.Reference<IConversationGrain>(entry.ConversationId);
}
