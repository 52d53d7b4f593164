using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Message changes, read state and the room list: edits, deletes, read cursors, unread counts.
public sealed partial class ChatClient
{
    /// <summary>The highest change seq (edit or delete) of the room given to the app, or null when unknown.</summary>
    public long? GetLastChangeSeq(string roomId)
    {
        lock (_gate)
        {
            return _roomChanges.LastChangeSeq(roomId);
        }
    }

    /// <summary>The highest change seq of the direct conversation given to the app, or null when unknown.</summary>
    public long? GetLastConversationChangeSeq(string conversationId)
    {
        lock (_gate)
        {
            return _conversationChanges.LastChangeSeq(conversationId);
        }
    }

    /// <summary>
    /// The user's unread messages in the room as the server counts them (others' messages after the read cursor, not
    /// deleted): from the connect sidebar or <see cref="GetRoomsAsync"/>, then kept up to date; 0 when unknown.
    /// </summary>
    public long UnreadCount(string roomId)
    {
        lock (_gate)
        {
            return _unread.Room(roomId);
        }
    }

    /// <summary>The user's unread messages in the direct conversation (its last seq minus the read cursor).</summary>
    public long ConversationUnreadCount(string conversationId)
    {
        lock (_gate)
        {
            return _unread.Conversation(conversationId);
        }
    }

    /// <summary>Edits one of the user's own messages; <see cref="MessageEdited"/> follows on every connection of the room's members (or both users).</summary>
    public Task<EditMessageAck> EditMessageAsync(ChatScope scope, long seq, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(content);
        return RequestAsync(EventNames.EditMessage, new EditMessagePayload(scope.RoomId, scope.WithUserId, seq, content),
            ClientJsonContext.Default.EditMessagePayload, ClientJsonContext.Default.EditMessageAck, resend: true, cancellationToken);
    }

    /// <summary>Deletes a message (the user's own; in a room also as its owner or an admin); it stays as a tombstone.</summary>
    public Task<DeleteMessageAck> DeleteMessageAsync(ChatScope scope, long seq, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return RequestAsync(EventNames.DeleteMessage, new DeleteMessagePayload(scope.RoomId, scope.WithUserId, seq),
            ClientJsonContext.Default.DeleteMessagePayload, ClientJsonContext.Default.DeleteMessageAck, resend: true, cancellationToken);
    }

    /// <summary>
    /// Moves the user's read cursor of a room or conversation forward to <paramref name="seq"/> (by default the last
    /// one given to the app) and clears the unread count up to it; the user's other devices get a read receipt.
    /// </summary>
    public async Task MarkReadAsync(ChatScope scope, long? seq = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.WithUserId is { } withUserId)
        {
            await MarkReadAsync(withUserId, seq, cancellationToken).ConfigureAwait(false);
            return;
        }

        var roomId = scope.RoomId!;
        var readSeq = seq ?? GetLastSeq(roomId) ?? throw new ArgumentException($"No seq given, and no message of room {roomId} seen yet.", nameof(seq));
        await RequestAsync(EventNames.MarkRead, new MarkReadPayload(roomId, null, readSeq), ClientJsonContext.Default.MarkReadPayload, resend: true, cancellationToken)
            .ConfigureAwait(false);
        lock (_gate)
        {
            RaiseUnreadLocked(_unread.RoomRead(roomId, readSeq));
        }
    }

    /// <summary>The room's messages changed after <paramref name="sinceChangeSeq"/>, as they are now, in change order (at most 100 a page).</summary>
    public Task<ChangesAck<ChatMessage>> GetChangesAsync(string roomId, long sinceChangeSeq = 0, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        return RequestAsync(EventNames.GetChanges, new ChangesPayload(roomId, null, sinceChangeSeq, limit), ClientJsonContext.Default.ChangesPayload,
            ClientJsonContext.Default.ChangesAckChatMessage, resend: true, cancellationToken);
    }

    /// <summary>The conversation's messages changed after <paramref name="sinceChangeSeq"/>, as they are now, in change order.</summary>
    public Task<ChangesAck<PrivateMessage>> GetConversationChangesAsync(string withUserId, long sinceChangeSeq = 0, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(withUserId);
        return RequestAsync(EventNames.GetChanges, new ChangesPayload(null, withUserId, sinceChangeSeq, limit), ClientJsonContext.Default.ChangesPayload,
            ClientJsonContext.Default.ChangesAckPrivateMessage, resend: true, cancellationToken);
    }

    /// <summary>The user's rooms, most recently active first, each with the user's role, its last message and unread count.</summary>
    public async Task<RoomsAck> GetRoomsAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        var ack = await RequestAsync(EventNames.GetRooms, new RoomsPayload(limit), ClientJsonContext.Default.RoomsPayload,
            ClientJsonContext.Default.RoomsAck, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var summary in ack.Rooms)
            {
                RaiseUnreadLocked(_unread.RoomSummary(summary));
            }
        }

        return ack;
    }
}
