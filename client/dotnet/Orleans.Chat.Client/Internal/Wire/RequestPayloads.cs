namespace Orleans.Chat.Client.Internal.Wire;

// The data of each client -> server event (docs/PROTOCOL.md). Null members are left out of the JSON.

internal sealed record JoinRoomPayload(string RoomId, long? SinceSeq, long? SinceChangeSeq = null);

/// <summary>leave-room, typing, stop-typing.</summary>
internal sealed record RoomPayload(string RoomId);

internal sealed record CreateRoomPayload(string RoomId, string? Name, RoomVisibility Visibility, IReadOnlyList<string>? Members);

internal sealed record InvitePayload(string RoomId, string UserId);

internal sealed record MessagePayload(string RoomId, string Content, string? Type, string ClientMsgId);

internal sealed record StatusPayload(PresenceStatus Status);

internal sealed record PrivateMessagePayload(string TargetUserId, string Content, string? Type, string ClientMsgId);

internal sealed record ConversationsPayload(int? Limit);

internal sealed record PrivateHistoryPayload(string WithUserId, long? BeforeSeq, long? AfterSeq, int? Limit);

/// <summary>mark-read: exactly one of RoomId and WithUserId.</summary>
internal sealed record MarkReadPayload(string? RoomId, string? WithUserId, long Seq);

internal sealed record EditMessagePayload(string? RoomId, string? WithUserId, long Seq, string Content);

internal sealed record DeleteMessagePayload(string? RoomId, string? WithUserId, long Seq);

internal sealed record ChangesPayload(string? RoomId, string? WithUserId, long SinceChangeSeq, int? Limit);

internal sealed record RoomsPayload(int? Limit);

internal sealed record SetRolePayload(string RoomId, string UserId, string Role);

/// <summary>kick.</summary>
internal sealed record RoomUserPayload(string RoomId, string UserId);

internal sealed record UpdateRoomPayload(string RoomId, string? Name, string? Topic);

/// <summary>room-event: Data is written as is (JSON null when none).</summary>
internal sealed record RoomEventPayload(string RoomId, string Event, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] System.Text.Json.JsonElement? Data);

internal sealed record RefreshTokenPayload(string Token);

internal sealed record HistoryPayload(string RoomId, long? BeforeSeq, long? AfterSeq, int? Limit);

/// <summary>ping carries no data; <c>{}</c>.</summary>
internal sealed record EmptyPayload
{
    public static readonly EmptyPayload Instance = new();
}

/// <summary>upload-start of a new upload: exactly one of RoomId and WithUserId.</summary>
internal sealed record UploadStartPayload(string? RoomId, string? WithUserId, string Name, long Size, string MimeType, string Sha256);

/// <summary>upload-start {uploadId} (resume), upload-complete, upload-cancel.</summary>
internal sealed record UploadIdPayload(string UploadId);

/// <summary>upload-chunk: Data is written as base64 (System.Text.Json's encoding of bytes).</summary>
internal sealed record UploadChunkPayload(string UploadId, int Index, ReadOnlyMemory<byte> Data);

internal sealed record CallUserPayload(string TargetUserId, string Media, System.Text.Json.JsonElement Offer);

internal sealed record CallAnswerPayload(string CallId, System.Text.Json.JsonElement Answer);

internal sealed record IceCandidatePayload(string CallId, System.Text.Json.JsonElement Candidate);

/// <summary>call-reject, call-end.</summary>
internal sealed record CallIdPayload(string CallId);
