using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// The server events of message changes, read receipts, moderation and app-defined events, made from
/// what the grains push (a <see cref="RoomEvent"/> to a room's gateways, a <see cref="UserEvent"/> to a
/// user's). The fan-out creates each once per gateway and hands it to every receiver.
/// </summary>
public static class ChangeEventEncoding
{
    /// <summary>
    /// The client event of a room event of kind <see cref="RoomEventKind.MessageEdited"/> to
    /// <see cref="RoomEventKind.AppEvent"/>; null for the kinds that came before (messages, joins, typing, presence).
    /// </summary>
    public static OutboundEvent? FromRoomEvent(RoomEvent evt) => evt.Kind switch
    {
        RoomEventKind.MessageEdited or RoomEventKind.MessageDeleted => RoomChange(evt.Change!),
        RoomEventKind.ReadReceipt => RoomReadReceipt(evt.Receipt!),
        RoomEventKind.MemberRemoved => MemberRemoved(evt.RoomId, evt.UserId, evt.ByUserId ?? ""),
        RoomEventKind.RoomUpdated => new OutboundEvent(ServerEventNames.RoomUpdated,
            new RoomUpdatedEvent(evt.Room!), ChatJsonContext.Default.RoomUpdatedEvent),
        RoomEventKind.RoleChanged => new OutboundEvent(ServerEventNames.RoleChanged,
            new RoleChangedEvent(evt.RoomId, evt.UserId, evt.Role!), ChatJsonContext.Default.RoleChangedEvent),
        RoomEventKind.AppEvent => AppEvent(evt.RoomId, evt.UserId, evt.AppEvent!),
        _ => null,
    };

    /// <summary>
    /// The client event of a user event of kind <see cref="UserEventKind.MessageEdited"/>,
    /// <see cref="UserEventKind.MessageDeleted"/> or <see cref="UserEventKind.ReadReceipt"/> (a conversation's);
    /// null for the other kinds.
    /// </summary>
    public static OutboundEvent? FromUserEvent(UserEvent evt) => evt.Kind switch
    {
        UserEventKind.MessageEdited or UserEventKind.MessageDeleted => ConversationChange(evt.Change!),
        UserEventKind.ReadReceipt => ConversationReadReceipt(evt.Receipt!),
        _ => null,
    };

    /// <summary>message-edited or message-deleted of a room message.</summary>
    public static OutboundEvent RoomChange(MessageChange change) => Change(change, roomId: change.ScopeId, conversationId: null);

    /// <summary>message-edited or message-deleted of a conversation message.</summary>
    public static OutboundEvent ConversationChange(MessageChange change) => Change(change, roomId: null, conversationId: change.ScopeId);

    /// <summary>
    /// message-edited or message-deleted for a message as it is now (Socket.IO recovery replays a
    /// missed change from the stored message): an edit when it is not deleted.
    /// </summary>
    public static OutboundEvent RoomChange(ChatMessage message) => message.Deleted
        ? new OutboundEvent(ServerEventNames.MessageDeleted,
            new MessageDeletedEvent(message.RoomId, null, message.Seq, message.Id, message.DeletedBy ?? message.UserId, message.ChangeSeq),
            ChatJsonContext.Default.MessageDeletedEvent)
        : new OutboundEvent(ServerEventNames.MessageEdited,
            new MessageEditedEvent(message.RoomId, null, message.Seq, message.Id, message.Content, message.EditedAt, message.UserId, message.ChangeSeq),
            ChatJsonContext.Default.MessageEditedEvent);

    public static OutboundEvent RoomReadReceipt(ReadReceipt receipt) =>
        new(ServerEventNames.ReadReceipt, new ReadReceiptEvent(receipt.ScopeId, null, receipt.UserId, receipt.Seq), ChatJsonContext.Default.ReadReceiptEvent);

    public static OutboundEvent ConversationReadReceipt(ReadReceipt receipt) =>
        new(ServerEventNames.ReadReceipt, new ReadReceiptEvent(null, receipt.ScopeId, receipt.UserId, receipt.Seq), ChatJsonContext.Default.ReadReceiptEvent);

    public static OutboundEvent MemberRemoved(string roomId, string userId, string byUserId) =>
        new(ServerEventNames.MemberRemoved, new MemberRemovedEvent(roomId, userId, byUserId), ChatJsonContext.Default.MemberRemovedEvent);

    public static OutboundEvent AppEvent(string roomId, string userId, AppRoomEvent appEvent) =>
        new(ServerEventNames.RoomEvent, new AppRoomEventPayload(roomId, userId, appEvent.Name, appEvent.DataJson), ChatJsonContext.Default.AppRoomEventPayload);

    private static OutboundEvent Change(MessageChange change, string? roomId, string? conversationId) => change.Kind == MessageChangeKind.Deleted
        ? new OutboundEvent(ServerEventNames.MessageDeleted,
            new MessageDeletedEvent(roomId, conversationId, change.Seq, change.MessageId, change.ChangedBy, change.ChangeSeq),
            ChatJsonContext.Default.MessageDeletedEvent)
        : new OutboundEvent(ServerEventNames.MessageEdited,
            new MessageEditedEvent(roomId, conversationId, change.Seq, change.MessageId, change.Content, change.ChangedAt, change.ChangedBy, change.ChangeSeq),
            ChatJsonContext.Default.MessageEditedEvent);
}
