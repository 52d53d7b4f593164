using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// The conversation of two users (key: <see cref="ConversationIds.For"/>): per-conversation seq,
/// durable paged history, dedupe by clientMsgId, and each user's read cursor. A message is stored
/// before its send returns, so no acked private message depends on a live connection.
/// </summary>
[Alias("chat.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the message (or finds the stored one for a repeated clientMsgId), then records it in
    /// both users' conversation indexes, which push it to their live connections.
    /// </summary>
    [Alias("Send")] Task<SendPrivateMessageResult> Send(SendPrivateMessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ascending seq; with AfterSeq the oldest above it, else the newest below BeforeSeq.</summary>
    [AlwaysInterleave, Alias("GetHistory")] Task<ConversationHistoryResult> GetHistory(ConversationHistoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> messages after the user's read cursor, ascending.</summary>
    [AlwaysInterleave, Alias("GetUnread")] Task<IReadOnlyList<PrivateMessage>> GetUnread(string userId, int limit);

    /// <summary>The timestamps of those messages: lets a caller choose across conversations before fetching any.</summary>
    [AlwaysInterleave, Alias("GetUnreadTimestamps")] Task<IReadOnlyList<long>> GetUnreadTimestamps(string userId, int limit);

    [AlwaysInterleave, Alias("GetLastMessage")] Task<PrivateMessage?> GetLastMessage(CancellationToken cancellationToken = default);

    /// <summary>Replaces a message's content (its author only; not a deleted one), then tells both users' connections (message-edited).</summary>
    [Alias("Edit")] Task<MessageChangeResult> Edit(EditMessageRequest request);

    /// <summary>Makes a message a tombstone (its author only), then tells both users' connections (message-deleted).</summary>
    [Alias("Delete")] Task<MessageChangeResult> Delete(DeleteMessageRequest request);

    /// <summary>Participants only: the retained messages changed after a change seq.</summary>
    [AlwaysInterleave, Alias("GetChanges")] Task<ConversationChangesResult> GetChanges(ChangesRequest request);

    /// <summary>Moves the user's read cursor forward to <paramref name="seq"/> (clamped to the last seq), here and in their index, and
    /// sends a read-receipt to both users' connections (at most one per user per second).</summary>
    [Alias("MarkRead")] Task<ChatError> MarkRead(UserRef user, long seq, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a private message queued by an earlier version for its recipient (once: a repeat is
    /// found by its clientMsgId, or "migrated:" + its id); returns the recipient's index entry.
    /// Interleaves and calls no user grain: the recipient's grain calls it while activating.
    /// </summary>
    [AlwaysInterleave, Alias("Import")] Task<ConversationEntry> Import(PrivateMessage queued);
}
