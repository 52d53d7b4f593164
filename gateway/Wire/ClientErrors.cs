using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>The error messages and codes of the client protocol (PROTOCOL.md, Errors).</summary>
public static class ClientErrors
{
    public static readonly ErrorPayload AuthRequired = new("Authentication required", "auth_required");
    public static readonly ErrorPayload AccessDenied = new("Access denied", "access_denied");
    public static readonly ErrorPayload NotInRoom = new("Not in room", "not_in_room");
    public static readonly ErrorPayload InvalidFormat = new("Invalid message format", "invalid_format");
    public static readonly ErrorPayload ContentTooLong = new("Content too long", "content_too_long");
    public static readonly ErrorPayload RateLimited = new("Rate limit exceeded", "rate_limited");
    public static readonly ErrorPayload PayloadTooLarge = new("Maximum payload size exceeded", "payload_too_large");
    public static readonly ErrorPayload UnknownEvent = new("Unknown event", "unknown_event");
    public static readonly ErrorPayload RoomExists = new("Room already exists", "room_exists");
    public static readonly ErrorPayload Unavailable = new("Service unavailable", "unavailable");
    public static readonly ErrorPayload QuotaExceeded = new("Quota exceeded", "quota_exceeded");
    public static readonly ErrorPayload TokenExpired = new("Token expired", "token_expired");
    public static readonly ErrorPayload ForbiddenOrigin = new("Forbidden origin", "forbidden_origin");
    public static readonly ErrorPayload TooManyConnections = new("Too many connections", "too_many_connections");
    public static readonly ErrorPayload NotFound = new("Not found", "not_found");
    public static readonly ErrorPayload NotAllowed = new("Not allowed", "not_allowed");

    public static readonly ErrorPayload FileTooLarge = new("File too large", "quota_exceeded");
    public static readonly ErrorPayload UploadQuotaExceeded = new("Upload quota exceeded", "quota_exceeded");
    public static readonly ErrorPayload TooManyUploads = new("Too many uploads", "quota_exceeded");
    public static readonly ErrorPayload UnsupportedType = new("File type not allowed", "unsupported_type");
    public static readonly ErrorPayload ChecksumMismatch = new("Checksum mismatch", "checksum_mismatch");
    public static readonly ErrorPayload InvalidChunk = new("Invalid chunk", "invalid_format");
    public static readonly ErrorPayload UploadIncomplete = new("Upload incomplete", "upload_incomplete");

    public static ErrorPayload AuthFailed(string reason) => new($"Authentication failed: {reason}", "auth_failed");

    public static ErrorPayload From(ChatError error) => error switch
    {
        ChatError.AccessDenied => AccessDenied,
        ChatError.NotInRoom => NotInRoom,
        ChatError.InvalidFormat => InvalidFormat,
        ChatError.ContentTooLong => ContentTooLong,
        ChatError.RoomExists => RoomExists,
        ChatError.QuotaExceeded => QuotaExceeded,
        ChatError.NotFound => NotFound,
        ChatError.NotAllowed => NotAllowed,
        ChatError.FileTooLarge => FileTooLarge,
        ChatError.UploadQuotaExceeded => UploadQuotaExceeded,
        ChatError.TooManyUploads => TooManyUploads,
        ChatError.UnsupportedType => UnsupportedType,
        ChatError.ChecksumMismatch => ChecksumMismatch,
        ChatError.InvalidChunk => InvalidChunk,
        ChatError.UploadIncomplete => UploadIncomplete,
        _ => Unavailable,
    };
}
