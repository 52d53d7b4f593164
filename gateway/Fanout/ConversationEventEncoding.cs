using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>Maps the conversation events pushed to a user's gateways (IUserObserver) to the client events of the protocol.</summary>
internal static class ConversationEventEncoding
{
    public static OutboundEvent ToOutbound(UserEvent evt) => evt.Kind switch
    {
        UserEventKind.PrivateMessage => new OutboundEvent(ServerEventNames.PrivateMessage, evt.PrivateMessage!, ChatJsonContext.Default.PrivateMessage),
        UserEventKind.MessageEdited or UserEventKind.MessageDeleted => Change(evt.Change!),
        UserEventKind.ReadReceipt => new OutboundEvent(ServerEventNames.ReadReceipt,
            new ConversationReadReceiptEvent(evt.Receipt!.ScopeId, evt.Receipt.UserId, evt.Receipt.Seq),
            ChatJsonContext.Default.ConversationReadReceiptEvent),
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.Kind, "not a conversation event"),
    };

    private static OutboundEvent Change(MessageChange change) => change.Kind == MessageChangeKind.Deleted
        ? new OutboundEvent(ServerEventNames.MessageDeleted,
            new ConversationMessageDeletedEvent(change.ScopeId, change.Seq, change.MessageId, change.ChangedBy, change.ChangeSeq),
            ChatJsonContext.Default.ConversationMessageDeletedEvent)
        : new OutboundEvent(ServerEventNames.MessageEdited,
            new ConversationMessageEditedEvent(change.ScopeId, change.Seq, change.MessageId, change.Content, change.ChangedAt, change.ChangedBy, change.ChangeSeq),
            ChatJsonContext.Default.ConversationMessageEditedEvent);
}
