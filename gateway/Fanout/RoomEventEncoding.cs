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
        _ => ChangeEventEncoding.FromRoomEvent(evt) ?? throw new ArgumentOutOfRangeException(nameof(evt), evt.Kind, "unknown room event kind"),
    };

    public static OutboundEvent NewMessage(ChatMessage message) =>
        new(ServerEventNames.NewMessage, message, ChatJsonContext.Default.ChatMessage)
        {
            RecoveryOffset = RecoveryOffsets.Format(message.RoomId, message.Seq),
        };

    /// <summary>A live edit or delete as it was published.</summary>
    public static OutboundEvent Change(MessageChange change) => ChangeEventEncoding.RoomChange(change);

    /// <summary>
    /// The last change of a message, from its current state (a repair or a recovery): a tombstone is
    /// message-deleted (by ChatMessage.DeletedBy), anything else message-edited by its author.
    /// </summary>
    public static OutboundEvent ChangeOf(ChatMessage message) => ChangeEventEncoding.RoomChange(message);
}
