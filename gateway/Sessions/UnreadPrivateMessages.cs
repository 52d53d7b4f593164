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
    /// <summary>How many messages (and so how many conversations with unread messages) to read.</summary>
    public int Limit => limits.Value.PendingOnConnect;

    public async Task<IReadOnlyList<PrivateMessage>> ReadAsync(string userId) =>
        await ReadAsync(userId, await grains.Reference<IUserGrain>(userId).GetConversations(Limit, unreadOnly: true));

    /// <summary>
    /// Reads from <paramref name="conversations"/>, the user's most recently active conversations with unread
    /// messages (at most <see cref="Limit"/>). A conversation with unread messages ends with one (the user's own
    /// sends count as read), so the newest N unread messages lie in the N most recently active such conversations.
    /// </summary>
    public async Task<IReadOnlyList<PrivateMessage>> ReadAsync(string userId, IReadOnlyList<ConversationEntry> conversations)
    {
        var limit = Limit;
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
