using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

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
        var conversations = await grains.GetGrain<IUserGrain>(userId).GetConversations(limit, unreadOnly: true);
        var unread = await Task.WhenAll(conversations.Select(entry => grains.GetGrain<IConversationGrain>(entry.ConversationId).GetUnread(userId, limit)));
        return
        [
            .. unread.SelectMany(messages => messages)
                .OrderByDescending(message => message.Timestamp)
                .ThenByDescending(message => message.Seq)
                .Take(limit)
                .Reverse(),
        ];
    }
}
