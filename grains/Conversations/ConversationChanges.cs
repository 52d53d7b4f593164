using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Edits and deletes of a conversation's messages: who may change which message, and its new version
/// numbered by the conversation's change counter (<see cref="MessageHistory{TPage,TMessage,TState}.LastChangeSeq"/>).
/// The caller has checked that the user is a participant, and holds the conversation's write lock
/// around <see cref="EditAsync"/> and <see cref="DeleteAsync"/>.
/// </summary>
internal sealed class ConversationChanges(
    string conversationId,
    MessageHistory<ConversationHistoryPage, PrivateMessage, ConversationState> history,
    TimeProvider time)
{
    /// <summary>Stores the edited version; IsNew is false when nothing changed (a refusal).</summary>
    public async Task<(MessageChangeResult Result, bool IsNew)> EditAsync(EditMessageRequest request)
    {
        if (request.Seq < 0 || string.IsNullOrWhiteSpace(request.Content))
        {
            return (MessageChangeResult.Failed(ChatError.InvalidFormat), false);
        }

        if (!history.TryGet(request.Seq, out var message) || message.Deleted)
        {
            return (MessageChangeResult.Failed(ChatError.NotFound), false);
        }

        // A call record is the server's account of a call: its text is not the caller's to rewrite.
        if (message.FromUserId != request.User.Id || message.Call is not null)
        {
            return (MessageChangeResult.Failed(ChatError.NotAllowed), false);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var edited = message with { Content = request.Content, Edited = true, EditedAt = now, ChangeSeq = history.LastChangeSeq + 1 };
        await history.ReplaceAsync(edited);
        return (new MessageChangeResult { Change = Describe(MessageChangeKind.Edited, edited, now, request.User.Id) }, true);
    }

    /// <summary>
    /// Stores the tombstone; IsNew is false for a refusal and for a message deleted before, which
    /// answers its existing change seq (a repeated delete is a success that changes and tells nothing).
    /// </summary>
    public async Task<(MessageChangeResult Result, bool IsNew)> DeleteAsync(DeleteMessageRequest request)
    {
        if (request.Seq < 0)
        {
            return (MessageChangeResult.Failed(ChatError.InvalidFormat), false);
        }

        if (!history.TryGet(request.Seq, out var message))
        {
            return (MessageChangeResult.Failed(ChatError.NotFound), false);
        }

        if (message.FromUserId != request.User.Id)
        {
            return (MessageChangeResult.Failed(ChatError.NotAllowed), false);
        }

        // A tombstone keeps no time of its deletion: a repeat reports the time it was asked.
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (message.Deleted)
        {
            return (new MessageChangeResult { Change = Describe(MessageChangeKind.Deleted, message, now, request.User.Id) }, false);
        }

        // ClientMsgId stays, so a repeated send still finds the message (now the tombstone) and answers its id and seq.
        var tombstone = message with { Content = "", Deleted = true, Call = null, ChangeSeq = history.LastChangeSeq + 1 };
        await history.ReplaceAsync(tombstone);
        return (new MessageChangeResult { Change = Describe(MessageChangeKind.Deleted, tombstone, now, request.User.Id) }, true);
    }

    /// <summary>The retained messages changed after the request's change seq, each once at its current state.</summary>
    public ConversationChangesResult Read(ChangesRequest request)
    {
        if (request.SinceChangeSeq < 0)
        {
            return ConversationChangesResult.Failed(ChatError.InvalidFormat);
        }

        var (messages, hasMore) = history.ChangedAfter(request.SinceChangeSeq, request.Limit);
        return new ConversationChangesResult { Messages = messages, LastChangeSeq = history.LastChangeSeq, HasMore = hasMore };
    }

    private MessageChange Describe(MessageChangeKind kind, PrivateMessage message, long changedAt, string changedBy) => new()
    {
        Kind = kind,
        ScopeId = conversationId,
        Seq = message.Seq,
        MessageId = message.Id,
        Content = message.Content,
        ChangedAt = changedAt,
        ChangedBy = changedBy,
        ChangeSeq = message.ChangeSeq,
    };
}
