using Orleans.Chat.Client.Internal;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Direct conversations: private messages, their history and the user's read cursor.
public sealed partial class ChatClient
{
    /// <summary>The highest seq of the direct conversation given to the app (through <see cref="PrivateMessage"/> or a newest history page), or null when unknown.</summary>
    public long? GetLastConversationSeq(string conversationId)
    {
        lock (_gate)
        {
            return _conversations.LastSeq(conversationId);
        }
    }

    /// <summary>
    /// Sends a direct message; completes once it is stored in the conversation of the two users (whether or not the
    /// recipient is connected). Re-sent after a drop with the same <paramref name="clientMsgId"/>, so it is stored once.
    /// Its <see cref="PrivateMessage"/> event follows on every connection of both users, this one included.
    /// </summary>
    public async Task<PrivateMessageAck> SendPrivateMessageAsync(
        string targetUserId,
        string content,
        string? type = null,
        string? clientMsgId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetUserId);
        ArgumentNullException.ThrowIfNull(content);
        var payload = new PrivateMessagePayload(targetUserId, content, type, clientMsgId ?? ClientMsgIds.New());
        var ack = await RequestAsync(EventNames.PrivateMessage, payload, ClientJsonContext.Default.PrivateMessagePayload,
            ClientJsonContext.Default.PrivateMessageAck, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _conversations.Sent(ack.ConversationId, targetUserId, ack.Seq);
        }

        return ack;
    }

    /// <summary>The user's conversations, most recently active first, each with its last message and unread count.</summary>
    public async Task<ConversationsAck> GetConversationsAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        var ack = await RequestAsync(EventNames.GetConversations, new ConversationsPayload(limit), ClientJsonContext.Default.ConversationsPayload,
            ClientJsonContext.Default.ConversationsAck, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var summary in ack.Conversations)
            {
                RaiseUnreadLocked(_unread.ConversationSummary(summary));
            }
        }

        return ack;
    }

    /// <summary>
    /// A page of the conversation with <paramref name="withUserId"/>, ascending by seq: with <paramref name="afterSeq"/> the
    /// oldest messages above it, otherwise the newest below <paramref name="beforeSeq"/> (or the newest of all; then
    /// <see cref="PrivateMessage"/> events follow with seq above the ack's lastSeq). Limit 50 by default, at most 100.
    /// </summary>
    public async Task<PrivateHistoryAck> GetPrivateHistoryAsync(
        string withUserId,
        long? beforeSeq = null,
        long? afterSeq = null,
        int? limit = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(withUserId);
        var ack = await RequestAsync(EventNames.GetPrivateHistory, new PrivateHistoryPayload(withUserId, beforeSeq, afterSeq, limit),
            ClientJsonContext.Default.PrivateHistoryPayload, ClientJsonContext.Default.PrivateHistoryAck, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (beforeSeq is null && afterSeq is null)
            {
                _conversations.HistoryLoaded(ack.ConversationId, withUserId, ack.LastSeq);
            }

            _conversationChanges.Known(ack.ConversationId, ack.LastChangeSeq);
        }

        return ack;
    }

    /// <summary>
    /// Moves the user's read cursor of the conversation with <paramref name="withUserId"/> to <paramref name="seq"/>
    /// (forward only; unread counts derive from it). Without a seq: the last one of the conversation given to the app.
    /// </summary>
    public async Task MarkReadAsync(string withUserId, long? seq = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(withUserId);
        if (seq is null)
        {
            lock (_gate)
            {
                seq = _conversations.ConversationWith(withUserId) is { } conversationId ? _conversations.LastSeq(conversationId) : null;
            }
        }

        if (seq is not { } readSeq)
        {
            throw new ArgumentException($"No seq given, and no message of the conversation with {withUserId} seen yet.", nameof(seq));
        }

        await RequestAsync(EventNames.MarkRead, new MarkReadPayload(null, withUserId, readSeq), ClientJsonContext.Default.MarkReadPayload, resend: true, cancellationToken)
            .ConfigureAwait(false);
        lock (_gate)
        {
            var conversationId = _session is { } session ? ConversationIds.Of(session.UserId, withUserId) : _conversations.ConversationWith(withUserId);
            if (conversationId is not null)
            {
                RaiseUnreadLocked(_unread.ConversationRead(conversationId, readSeq));
            }
        }
    }
}
