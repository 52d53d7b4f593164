using System.Text.Json.Serialization;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

// The payloads of the server events of issue 12. Room events name their room (roomId), conversation
// events their conversation (conversationId): one of the two is set, the other left out.
// ChangeEventEncoding makes them from the grains' events.

/// <summary>message-edited.</summary>
public sealed record MessageEditedEvent(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoomId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConversationId,
    long Seq,
    string Id,
    string Content,
    long EditedAt,
    string EditedBy,
    long ChangeSeq);

/// <summary>message-deleted.</summary>
public sealed record MessageDeletedEvent(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoomId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConversationId,
    long Seq,
    string Id,
    string DeletedBy,
    long ChangeSeq);

/// <summary>read-receipt: <see cref="UserId"/> has read up to <see cref="Seq"/>.</summary>
public sealed record ReadReceiptEvent(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoomId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConversationId,
    string UserId,
    long Seq);

/// <summary>member-removed: <see cref="UserId"/> was kicked by <see cref="By"/>.</summary>
public sealed record MemberRemovedEvent(string RoomId, string UserId, string By);

/// <summary>room-updated: the room with its new name and topic.</summary>
public sealed record RoomUpdatedEvent(RoomInfo Room);

/// <summary>role-changed.</summary>
public sealed record RoleChangedEvent(string RoomId, string UserId, string Role);

/// <summary>
/// room-event: an app-defined event relayed from <see cref="UserId"/>. <see cref="DataJson"/> is the
/// JSON text the sender's gateway validated; it is written raw as <c>data</c>, never parsed again
/// (<see cref="AppRoomEventJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(AppRoomEventJsonConverter))]
public sealed record AppRoomEventPayload(string RoomId, string UserId, string Event, string DataJson);
