using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client;

// Incoming edits, deletes, receipts and removals, and the unread counts they move.
public sealed partial class ChatClient
{
    /// <summary>A live message-edited / message-deleted: once per change seq, held while its room or conversation recovers.</summary>
    private void OnChangeLocked(MessageChange change)
    {
        var (roomId, conversationId) = change.Edited is { } edited ? (edited.RoomId, edited.ConversationId) : (change.Deleted!.RoomId, change.Deleted.ConversationId);
        if (roomId is not null)
        {
            RaiseChangesLocked(_roomChanges.Live(roomId, change));
        }
        else if (conversationId is not null)
        {
            RaiseChangesLocked(_conversationChanges.Live(conversationId, change));
        }
    }

    private void RaiseChangesLocked(List<MessageChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Edited is { } edited)
            {
                Raise(static c => c.MessageEdited, edited);
            }
            else if (change.Deleted is { } deleted)
            {
                Raise(static c => c.MessageDeleted, deleted);
                if (deleted.RoomId is { } roomId)
                {
                    RaiseUnreadLocked(_unread.RoomMessageDeleted(roomId, deleted.Seq));
                }
            }
        }
    }

    /// <summary>A read-receipt of the user's own read (another device's) clears the unread count here too.</summary>
    private void OnReadReceiptLocked(ReadReceiptEvent receipt)
    {
        Raise(static c => c.ReadReceipt, receipt);
        if (receipt.UserId != _session?.UserId)
        {
            return;
        }

        if (receipt.RoomId is { } roomId)
        {
            RaiseUnreadLocked(_unread.RoomRead(roomId, receipt.Seq));
        }
        else if (receipt.ConversationId is { } conversationId)
        {
            RaiseUnreadLocked(_unread.ConversationRead(conversationId, receipt.Seq));
        }
    }

    /// <summary>Kicked: the room is not the user's any more (not re-joined after a reconnect, no unread count).</summary>
    private void OnMemberRemovedLocked(MemberRemovedEvent removed)
    {
        Raise(static c => c.MemberRemoved, removed);
        if (removed.UserId == _session?.UserId)
        {
            ForgetRoomLocked(removed.RoomId);
        }
    }

    private void ForgetRoomLocked(string roomId)
    {
        _rooms.Left(roomId);
        _roomChanges.Forget(roomId);
        RaiseUnreadLocked(_unread.ForgetRoom(roomId));
    }

    /// <summary>The connect sidebar: the server's unread counts; on the first connect also the conversations' change counters.</summary>
    private void OnSidebarLocked(Sidebar? sidebar, bool reconnected)
    {
        foreach (var summary in sidebar?.Rooms ?? [])
        {
            RaiseUnreadLocked(_unread.RoomSummary(summary));
        }

        foreach (var summary in sidebar?.Conversations ?? [])
        {
            RaiseUnreadLocked(_unread.ConversationSummary(summary));
            if (!reconnected)
            {
                _conversationChanges.Known(summary.ConversationId, summary.LastChangeSeq);
            }
        }
    }

    private void RaiseRoomMessageLocked(ChatMessage message)
    {
        Raise(static c => c.NewMessage, message);
        RaiseUnreadLocked(_unread.RoomMessage(message, _session?.UserId));
    }

    private void RaiseUnreadLocked(List<UnreadChangedEvent> changes)
    {
        foreach (var change in changes)
        {
            Raise(static c => c.UnreadChanged, change);
        }
    }
}
