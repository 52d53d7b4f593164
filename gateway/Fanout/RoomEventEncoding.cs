using System.Text.Json;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>Maps the room events pushed to this gateway (IRoomObserver) to the client events of the protocol.</summary>
internal static class RoomEventEncoding
{
    public static OutboundEvent ToOutbound(RoomEvent evt) => evt.Kind switch
    {
        RoomEventKind.Message => NewMessage(evt.Message!),
        RoomEventKind.UserJoined => new OutboundEvent(ServerEventNames.UserJoined,
            new UserJoinedEvent(evt.UserId, evt.User!, evt.RoomId), ChatJsonContext.Default.UserJoinedEvent),
        RoomEventKind.UserLeft => new OutboundEvent(ServerEventNames.UserLeft,
            new UserLeftEvent(evt.UserId, evt.RoomId), ChatJsonContext.Default.UserLeftEvent),
        RoomEventKind.Typing => new OutboundEvent(ServerEventNames.UserTyping,
            new UserTypingEvent(evt.UserId, evt.User!, evt.RoomId), ChatJsonContext.Default.UserTypingEvent),
        RoomEventKind.StoppedTyping => new OutboundEvent(ServerEventNames.UserStoppedTyping,
            new UserStoppedTypingEvent(evt.UserId, evt.RoomId), ChatJsonContext.Default.UserStoppedTypingEvent),
        RoomEventKind.Presence => new OutboundEvent(ServerEventNames.PresenceUpdate,
            evt.Presence!, ChatJsonContext.Default.PresenceUpdate),
        RoomEventKind.MessageEdited or RoomEventKind.MessageDeleted => Change(evt.Change!),
        RoomEventKind.ReadReceipt => new OutboundEvent(ServerEventNames.ReadReceipt,
            new RoomReadReceiptEvent(evt.RoomId, evt.Receipt!.UserId, evt.Receipt.Seq), ChatJsonContext.Default.RoomReadReceiptEvent),
        RoomEventKind.MemberRemoved => new OutboundEvent(ServerEventNames.MemberRemoved,
            new MemberRemovedEvent(evt.RoomId, evt.UserId, evt.ByUserId ?? string.Empty), ChatJsonContext.Default.MemberRemovedEvent),
        RoomEventKind.RoomUpdated => new OutboundEvent(ServerEventNames.RoomUpdated,
            new RoomUpdatedEvent(evt.Room!), ChatJsonContext.Default.RoomUpdatedEvent),
        RoomEventKind.RoleChanged => new OutboundEvent(ServerEventNames.RoleChanged,
            new RoleChangedEvent(evt.RoomId, evt.UserId, evt.Role!), ChatJsonContext.Default.RoleChangedEvent),
        RoomEventKind.AppEvent => new OutboundEvent(ServerEventNames.RoomEvent,
            new AppRoomEventPayload(evt.RoomId, evt.UserId, evt.AppEvent!.Name, JsonElement.Parse(evt.AppEvent.DataJson)),
            ChatJsonContext.Default.AppRoomEventPayload),
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.Kind, "unknown room event kind"),
    };

    public static OutboundEvent NewMessage(ChatMessage message) =>
        new(ServerEventNames.NewMessage, message, ChatJsonContext.Default.ChatMessage)
        {
            RecoveryOffset = RecoveryOffsets.Format(message.RoomId, message.Seq),
        };

    /// <summary>A live edit or delete as it was published.</summary>
    public static OutboundEvent Change(MessageChange change) => change.Kind == MessageChangeKind.Deleted
        ? new OutboundEvent(ServerEventNames.MessageDeleted,
            new RoomMessageDeletedEvent(change.ScopeId, change.Seq, change.MessageId, change.ChangedBy, change.ChangeSeq),
            ChatJsonContext.Default.RoomMessageDeletedEvent)
        : new OutboundEvent(ServerEventNames.MessageEdited,
            new RoomMessageEditedEvent(change.ScopeId, change.Seq, change.MessageId, change.Content, change.ChangedAt, change.ChangedBy, change.ChangeSeq),
            ChatJsonContext.Default.RoomMessageEditedEvent);

    /// <summary>
    /// The last change of a message, from its current state (a repair or a recovery): a tombstone is
    /// message-deleted, anything else message-edited (only the author edits, so the editor is the author).
    /// </summary>
    public static OutboundEvent ChangeOf(ChatMessage message) => message.Deleted
        ? new OutboundEvent(ServerEventNames.MessageDeleted,
            new RoomMessageDeletedEvent(message.RoomId, message.Seq, message.Id, message.DeletedBy ?? message.UserId, message.ChangeSeq),
            ChatJsonContext.Default.RoomMessageDeletedEvent)
        : new OutboundEvent(ServerEventNames.MessageEdited,
            new RoomMessageEditedEvent(message.RoomId, message.Seq, message.Id, message.Content, message.EditedAt, message.UserId, message.ChangeSeq),
            ChatJsonContext.Default.RoomMessageEditedEvent);
}
