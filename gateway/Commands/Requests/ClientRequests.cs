namespace Orleans.Chat.Gateway.Commands.Requests;

// The payloads of the client events that are read as typed records (ClientRequestJsonContext).
// Values are as the client sent them; each command checks ids, lengths and ranges itself.

/// <summary>join-room as an object: <c>{ roomId, sinceSeq?, sinceChangeSeq? }</c> (the bare room id form is read by PayloadReader).</summary>
internal sealed record JoinRoomPayload(string? RoomId, long? SinceSeq, long? SinceChangeSeq);

/// <summary>create-room: <c>{ roomId, name?, visibility?, members? }</c>.</summary>
internal sealed record CreateRoomPayload(string? RoomId, string? Name, string? Visibility, string?[]? Members);

/// <summary>invite: <c>{ roomId, userId }</c>.</summary>
internal sealed record InvitePayload(string? RoomId, string? UserId);

/// <summary>get-history as an object: <c>{ roomId, beforeSeq?, afterSeq?, limit? }</c>.</summary>
internal sealed record RoomHistoryPayload(string? RoomId, long? BeforeSeq, long? AfterSeq, long? Limit);

/// <summary>get-conversations: <c>{ limit? }</c>, or no payload.</summary>
internal sealed record ConversationsPayload(long? Limit);

/// <summary>get-private-history: <c>{ withUserId, beforeSeq?, afterSeq?, limit? }</c>.</summary>
internal sealed record PrivateHistoryPayload(string? WithUserId, long? BeforeSeq, long? AfterSeq, long? Limit);

/// <summary>mark-read: <c>{ roomId | withUserId, seq }</c>.</summary>
internal sealed record MarkReadPayload(string? RoomId, string? WithUserId, long? Seq) : IScopedPayload;
