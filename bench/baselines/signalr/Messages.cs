namespace Orleans.Chat.Bench.SignalR;

// The payloads of docs/PROTOCOL.md that the benchmark uses (camelCase on the wire).

public sealed record UserRef(string Id, string Name);

public sealed record ChatMessage(
    string Id, string RoomId, long Seq, string UserId, UserRef User, string Content, string Type, long Timestamp, bool Edited, bool Deleted);

public sealed record RoomInfo(string Id, string Name, string Visibility, string? OwnerId);

public sealed record RoomMember(string UserId, string Name, string Status);

public sealed record JoinAck(bool Success, RoomInfo Room, RoomMember[] Members, ChatMessage[] RecentMessages, long LastSeq);

public sealed record MessageAck(bool Success, string MessageId, long Seq, long Timestamp);

public sealed record ErrorAck(string Error, string Code);

public sealed record ConnectedEvent(string SessionId, string UserId, long ServerTime, string[] Rooms);

public sealed record MessageRequest(string? RoomId, string? Content, string? Type);

public sealed record PrivateMessage(
    string Id, string ConversationId, long Seq, string FromUserId, UserRef FromUser, string ToUserId, string Content, string Type, long Timestamp, bool Edited, bool Deleted);

public sealed record PrivateMessageRequest(string? TargetUserId, string? Content, string? Type, string? ClientMsgId);

/// <summary>No <c>delivered</c> field: the hub does not learn whether a connection of the recipient took the message.</summary>
public sealed record PrivateMessageAck(bool Success, string MessageId, string ConversationId, long Seq, long Timestamp);
