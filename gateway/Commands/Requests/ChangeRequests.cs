namespace Orleans.Chat.Gateway.Commands.Requests;

// The payloads of the events that act on a stored message, a room or a conversation (issue 12).
// Values are as the client sent them; the commands check ids, lengths and ranges.

/// <summary>A payload that names a room (<c>roomId</c>) or a two-user conversation (<c>withUserId</c>): exactly one of the two.</summary>
internal interface IScopedPayload
{
    string? RoomId { get; }
    string? WithUserId { get; }
}

/// <summary>
/// edit-message: <c>{ roomId | withUserId, seq, content }</c>. The content is read in place by
/// <see cref="MessageContent"/>, with the message rules.
/// </summary>
internal sealed record EditMessagePayload(string? RoomId, string? WithUserId, long? Seq) : IScopedPayload;

/// <summary>delete-message: <c>{ roomId | withUserId, seq }</c>.</summary>
internal sealed record DeleteMessagePayload(string? RoomId, string? WithUserId, long? Seq) : IScopedPayload;

/// <summary>get-changes: <c>{ roomId | withUserId, sinceChangeSeq, limit? }</c>.</summary>
internal sealed record ChangesPayload(string? RoomId, string? WithUserId, long? SinceChangeSeq, long? Limit) : IScopedPayload;

/// <summary>get-rooms: <c>{ limit? }</c>, or no payload.</summary>
internal sealed record RoomsPayload(long? Limit);

/// <summary>set-role: <c>{ roomId, userId, role }</c>.</summary>
internal sealed record SetRolePayload(string? RoomId, string? UserId, string? Role);

/// <summary>kick: <c>{ roomId, userId }</c>.</summary>
internal sealed record KickPayload(string? RoomId, string? UserId);

/// <summary>update-room: <c>{ roomId, name?, topic? }</c>.</summary>
internal sealed record UpdateRoomPayload(string? RoomId, string? Name, string? Topic);

/// <summary>
/// room-event: <c>{ roomId, event, data? }</c>. <c>data</c> is any JSON and is not read as a field:
/// its raw text is taken from the payload as the client sent it (<see cref="RoomEventCommands"/>).
/// </summary>
internal sealed record RoomEventPayload(string? RoomId, string? Event);
