using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Sends sessions pending-messages, the user's unread private messages: at connect, and when a
/// user's presence partition had lost this gateway's connections (a silo loss) so live pushes may have been missed.
/// Sending removes nothing: the messages stay in their conversations, unread until mark-read;
/// clients dedupe by (conversationId, seq).
/// </summary>
public sealed class PendingMessagesHandOver(UnreadPrivateMessages unread)
{
    /// <summary>How many conversations with unread messages <see cref="HandOverAsync(string, IReadOnlyList{ConversationEntry}, ChatSession)"/> wants.</summary>
    public int ConversationLimit => unread.Limit;

    public async Task HandOverAsync(string userId, IReadOnlyCollection<ChatSession> sessions)
    {
        if (sessions.Count > 0)
        {
            Send(await unread.ReadAsync(userId), sessions);
        }
    }

    /// <summary>At connect, from the user's conversations with unread messages as the session start read them.</summary>
    public async Task HandOverAsync(string userId, IReadOnlyList<ConversationEntry> unreadConversations, ChatSession session) =>
        Send(await unread.ReadAsync(userId, unreadConversations), [session]);

    private static void Send(IReadOnlyList<PrivateMessage> messages, IReadOnlyCollection<ChatSession> sessions)
    {
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
