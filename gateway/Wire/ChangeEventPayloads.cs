using System.Text.Json;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

// Server -> client payloads of the message-change, read-state and moderation events (docs/PROTOCOL.md).
// Rooms and conversations have a record each: the scope's key is "roomId" or "conversationId".

public sealed record RoomMessageEditedEvent(string RoomId, long Seq, string Id, string Content, long EditedAt, string EditedBy, long ChangeSeq);

public sealed record ConversationMessageEditedEvent(string ConversationId, long Seq, string Id, string Content, long EditedAt, string EditedBy, long ChangeSeq);

public sealed record RoomMessageDeletedEvent(string RoomId, long Seq, string Id, string DeletedBy, long ChangeSeq);

public sealed record ConversationMessageDeletedEvent(string ConversationId, long Seq, string Id, string DeletedBy, long ChangeSeq);

public sealed record RoomReadReceiptEvent(string RoomId, string UserId, long Seq);

public sealed record ConversationReadReceiptEvent(string ConversationId, string UserId, long Seq);

public sealed record MemberRemovedEvent(string RoomId, string UserId, string By);

public sealed record RoomUpdatedEvent(RoomInfo Room);

public sealed record RoleChangedEvent(string RoomId, string UserId, string Role);

/// <summary>room-event: <c>data</c> is the sender's JSON as it was validated, written as is.</summary>
public sealed record AppRoomEventPayload(string RoomId, string UserId, string Event, JsonElement Data);

/// <summary>The room list and conversation list of <c>connected</c>, so an app draws its sidebar with no further request.</summary>
public sealed record SidebarPayload(IReadOnlyList<RoomSummary> Rooms, IReadOnlyList<ConversationSummary> Conversations);
