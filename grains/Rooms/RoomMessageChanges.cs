using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Edits and deletes of a room's messages, and the lists a client catches up on them with. A change
/// is one write of the message's history page that takes the room's next change seq; it is published
/// only once stored. The caller checks membership; the rules on who may change what are here.
/// </summary>
internal sealed class RoomMessageChanges(
    string roomId,
    MessageHistory<RoomHistoryPage, ChatMessage, RoomState> history,
    TimeProvider time,
    Action<RoomEvent[]> publish,
    ChatEventPublisher? events)
{
    public long LastChangeSeq => history.LastChangeSeq;

    /// <summary>Author only; not a deleted message.</summary>
    public async Task<MessageChangeResult> EditAsync(EditMessageRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Content))
        {
            return MessageChangeResult.Failed(ChatError.InvalidFormat);
        }

        if (!history.TryGet(request.Seq, out var message) || message.Deleted)
        {
            return MessageChangeResult.Failed(ChatError.NotFound);
        }

        if (message.UserId != request.User.Id)
        {
            return MessageChangeResult.Failed(ChatError.NotAllowed);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var edited = message with { Content = request.Content, Edited = true, EditedAt = now, ChangeSeq = history.LastChangeSeq + 1 };
        await history.ReplaceAsync(edited);
        var change = Change(MessageChangeKind.Edited, edited, now, request.User.Id);
        publish([new RoomEvent { Kind = RoomEventKind.MessageEdited, RoomId = roomId, UserId = request.User.Id, Seq = edited.Seq, Change = change }]);
        events?.Changed(change);
        return new MessageChangeResult { Change = change };
    }

    /// <summary>
    /// The author, or a moderator (<paramref name="isModerator"/>). A tombstone deleted again answers
    /// its existing change and publishes nothing, so a retried delete succeeds.
    /// </summary>
    public async Task<MessageChangeResult> DeleteAsync(DeleteMessageRequest request, bool isModerator)
    {
        if (!history.TryGet(request.Seq, out var message))
        {
            return MessageChangeResult.Failed(ChatError.NotFound);
        }

        var userId = request.User.Id;
        if (message.UserId != userId && !isModerator)
        {
            return MessageChangeResult.Failed(ChatError.NotAllowed);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (message.Deleted)
        {
            return new MessageChangeResult { Change = Change(MessageChangeKind.Deleted, message, now, message.DeletedBy ?? userId) };
        }

        var tombstone = message with { Content = "", Deleted = true, DeletedBy = userId, ChangeSeq = history.LastChangeSeq + 1 };
        await history.ReplaceAsync(tombstone);
        var change = Change(MessageChangeKind.Deleted, tombstone, now, userId);
        publish([new RoomEvent { Kind = RoomEventKind.MessageDeleted, RoomId = roomId, UserId = userId, Seq = tombstone.Seq, Change = change }]);
        events?.Changed(change);
        return new MessageChangeResult { Change = change };
    }

    /// <summary>A page of the retained messages changed after the request's change seq (get-changes).</summary>
    public RoomChangesResult Read(ChangesRequest request)
    {
        if (request.SinceChangeSeq < 0)
        {
            return RoomChangesResult.Failed(ChatError.InvalidFormat);
        }

        var (messages, hasMore) = ChangedAfter(request.SinceChangeSeq, request.Limit, long.MaxValue);
        return new RoomChangesResult { Messages = messages, LastChangeSeq = history.LastChangeSeq, HasMore = hasMore };
    }

    /// <summary>
    /// For a join with sinceSeq: the messages at or below it changed after <paramref name="sinceChangeSeq"/>
    /// (all changed ones without it). None when sinceSeq is past the last seq: that client starts over
    /// from the recent messages, which are current.
    /// </summary>
    public (IReadOnlyList<ChatMessage> Messages, bool HasMore) CatchUp(long? sinceSeq, long? sinceChangeSeq, int limit) =>
        sinceSeq is { } seq && seq <= history.LastSeq
            ? ChangedAfter(Math.Max(0, sinceChangeSeq ?? 0), limit, seq)
            : ([], false);

    private (IReadOnlyList<ChatMessage> Messages, bool HasMore) ChangedAfter(long sinceChangeSeq, int limit, long maxSeq) =>
        // Nothing changed since the client last looked: one comparison, no scan.
        sinceChangeSeq >= history.LastChangeSeq ? ([], false) : history.ChangedAfter(sinceChangeSeq, limit, maxSeq);

    private MessageChange Change(MessageChangeKind kind, ChatMessage message, long changedAt, string changedBy) => new()
    {
        Kind = kind,
        ScopeId = roomId,
        Seq = message.Seq,
        MessageId = message.Id,
        Content = message.Content,
        ChangedAt = changedAt,
        ChangedBy = changedBy,
        ChangeSeq = message.ChangeSeq,
    };
}
