namespace Orleans.Chat.Client;

/// <summary>The values of <see cref="ChatException.Code"/>: the server's error codes and the client's own.</summary>
public static class ChatErrorCodes
{
    /// <summary>Private room, or an owner-only action.</summary>
    public const string AccessDenied = "access_denied";

    /// <summary>Message, typing or history for a room the user is not a member of.</summary>
    public const string NotInRoom = "not_in_room";

    /// <summary>Missing or wrongly typed fields, empty content.</summary>
    public const string InvalidFormat = "invalid_format";

    /// <summary>Content over the server's limit.</summary>
    public const string ContentTooLong = "content_too_long";

    /// <summary>Over the per-user rate limit.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>A frame over the server's limit; the server then closes the connection.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>An event name the server does not know.</summary>
    public const string UnknownEvent = "unknown_event";

    /// <summary>create-room for a room another user created.</summary>
    public const string RoomExists = "room_exists";

    /// <summary>Over a quota, e.g. too many unread private messages to one user (<c>Limits:MaxUnreadPrivateMessages</c>).</summary>
    public const string QuotaExceeded = "quota_exceeded";

    /// <summary>Edit or delete of a seq the room or conversation does not have (or a deleted message to edit); set-role or kick of a non-member.</summary>
    public const string NotFound = "not_found";

    /// <summary>An action the user's role does not permit: editing someone else's message, kicking as a member, ...</summary>
    public const string NotAllowed = "not_allowed";

    /// <summary>A file type (declared at upload-start, or sniffed at upload-complete) not in the server's Files:AllowedTypes.</summary>
    public const string UnsupportedType = "unsupported_type";

    /// <summary>upload-complete: the stored bytes do not hash to the declared SHA-256 (the upload stays open).</summary>
    public const string ChecksumMismatch = "checksum_mismatch";

    /// <summary>upload-complete before every chunk is stored.</summary>
    public const string UploadIncomplete = "upload_incomplete";

    /// <summary>The cluster could not serve the request; nothing was changed.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Client: no ack within <see cref="ChatClientOptions.AckTimeout"/> on a live connection.</summary>
    public const string Timeout = "timeout";

    /// <summary>Client: the connection was lost and could not be re-established, or the request may not be repeated after a drop.</summary>
    public const string Disconnected = "disconnected";

    /// <summary>Client: the client was disposed before the ack came.</summary>
    public const string Closed = "closed";

    /// <summary>Client: the first connection attempt failed (token provider, network, HTTP 401).</summary>
    public const string ConnectFailed = "connect_failed";
}
