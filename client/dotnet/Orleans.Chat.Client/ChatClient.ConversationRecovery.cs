using Orleans.Chat.Client.Internal;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Private messages once per (conversationId, seq), in seq order: live, pending, and fetched from history
// after a reconnect or a gap.
public sealed partial class ChatClient
{
    /// <summary>The server's largest get-private-history page.</summary>
    private const int HistoryPage = 100;

    private void OnPrivateMessageLocked(SocketConnection connection, PrivateMessage message)
    {
        var (deliver, catchUp) = _conversations.Live(message, _session!.UserId);
        RaisePrivateMessagesLocked(deliver);
        if (catchUp is { } gap)
        {
            _ = CatchUpAsync(connection, gap);
        }
    }

    /// <summary>
    /// The server sends the unread messages on connect (before any ack, so a reconnect's recovery holds every known
    /// conversation already) and again when it renewed the user's live subscription: live events may have been lost
    /// then, so every known conversation not catching up yet catches up.
    /// </summary>
    private void OnPendingMessagesLocked(SocketConnection connection, IReadOnlyList<PrivateMessage> messages)
    {
        Raise(static c => c.PendingMessages, messages);
        _ = StartConversationRecoveryLocked(connection);

        var (deliver, catchUps) = _conversations.Pending(messages, _session!.UserId);
        RaisePrivateMessagesLocked(deliver);
        foreach (var gap in catchUps)
        {
            _ = CatchUpAsync(connection, gap);
        }
    }

    /// <summary>Every conversation with a known seq fetches what came after it; completes with how each came back.</summary>
    private Task<List<ConversationRecovery>> StartConversationRecoveryLocked(SocketConnection connection)
    {
        var catchUps = _conversations.BeginRecovery().Select(catchUp => CatchUpAsync(connection, catchUp)).ToList();
        return CollectAsync(catchUps);

        static async Task<List<ConversationRecovery>> CollectAsync(List<Task<ConversationRecovery?>> catchUps) =>
            [.. (await Task.WhenAll(catchUps).ConfigureAwait(false)).OfType<ConversationRecovery>()];
    }

    /// <summary>
    /// Pages get-private-history after the conversation's seq until caught up, then raises what the app has not had
    /// (fetched, and held meanwhile) in seq order. Null when the connection dropped first: the next one starts over.
    /// </summary>
    private async Task<ConversationRecovery?> CatchUpAsync(SocketConnection connection, ConversationCatchUp catchUp)
    {
        var fetched = new List<PrivateMessage>();
        long? serverLastSeq = null;
        ChatException? error = null;
        try
        {
            for (var afterSeq = catchUp.AfterSeq; ;)
            {
                PendingRequest request;
                lock (_gate)
                {
                    if (_connection != connection)
                    {
                        return null;
                    }

                    request = CreateRequestLocked(EventNames.GetPrivateHistory, new PrivateHistoryPayload(catchUp.WithUserId, null, afterSeq, HistoryPage),
                        ClientJsonContext.Default.PrivateHistoryPayload, resend: false);
                }

                var page = AckReader.Read(await request.Ack.ConfigureAwait(false), ClientJsonContext.Default.PrivateHistoryAck, EventNames.GetPrivateHistory);
                fetched.AddRange(page.Messages);
                serverLastSeq = page.LastSeq;
                if (page.Messages.Count < HistoryPage || page.Messages[^1].Seq >= page.LastSeq)
                {
                    break;
                }

                afterSeq = page.Messages[^1].Seq;
            }
        }
        catch (ChatException ex)
        {
            error = ex; // an error ack, a timeout, or the connection dropped (then the check below ends this catch-up)
        }

        lock (_gate)
        {
            if (_connection != connection
                || _conversations.EndCatchUp(catchUp.ConversationId, fetched, error is null ? serverLastSeq : null) is not { } missed)
            {
                return null;
            }

            RaisePrivateMessagesLocked(missed);
            return new ConversationRecovery
            {
                ConversationId = catchUp.ConversationId,
                WithUserId = catchUp.WithUserId,
                Recovered = error is null,
                Missed = missed.Count,
                Error = error,
            };
        }
    }

    private void RaisePrivateMessagesLocked(List<PrivateMessage> messages)
    {
        foreach (var message in messages)
        {
            Raise(static c => c.PrivateMessage, message);
            RaiseUnreadLocked(_unread.PrivateMessage(message, _session?.UserId));
        }
    }
}
