using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Sends sessions pending-messages, the user's unread private messages: at connect, and when a
/// user subscription had been lost (a user grain re-activated) so live pushes may have been missed.
/// Sending removes nothing: the messages stay in their conversations, unread until mark-read;
/// clients dedupe by (conversationId, seq).
/// </summary>
public sealed class PendingMessagesHandOver(UnreadPrivateMessages unread)
{
    public async Task HandOverAsync(string userId, IReadOnlyCollection<ChatSession> sessions)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        var messages = await unread.ReadAsync(userId);
        if (messages.Count == 0)
        {
            return;
        }

        var outbound = new OutboundEvent(ServerEventNames.PendingMessages, messages, ChatJsonContext.Default.IReadOnlyListPrivateMessage);
        foreach (var session in sessions)
        {
            session.Enqueue(outbound);
        }
    }
}
