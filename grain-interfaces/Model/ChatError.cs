namespace Orleans.Chat.Model;

/// <summary>
/// Failures a grain reports to its caller as a value (never as an exception), so the
/// gateway can map each to the error message and code of the client protocol.
/// </summary>
public enum ChatError
{
    None = 0,
    AccessDenied = 1,
    NotInRoom = 2,
    InvalidFormat = 3,
    ContentTooLong = 4,
    RoomExists = 5,
    Unavailable = 6,

    /// <summary>Over a cap: rooms per user, members per room, unread private messages from one sender.</summary>
    QuotaExceeded = 7,

    /// <summary>An unknown message (seq never stored, or lost to retention).</summary>
    NotFound = 8,

    /// <summary>An action the user's role does not permit (edit someone else's message, kick, set a role...).</summary>
    NotAllowed = 9,

    /// <summary>An upload over Files:MaxBytes (wire: quota_exceeded, "File too large").</summary>
    FileTooLarge = 10,

    /// <summary>An upload over the uploader's Files:QuotaBytes (wire: quota_exceeded, "Upload quota exceeded").</summary>
    UploadQuotaExceeded = 11,

    /// <summary>More than Files:MaxConcurrentUploads incomplete uploads of one user (wire: quota_exceeded, "Too many uploads").</summary>
    TooManyUploads = 12,

    /// <summary>Content whose sniffed type is not in Files:AllowedTypes (wire: unsupported_type).</summary>
    UnsupportedType = 13,

    /// <summary>The stored bytes do not hash to the declared SHA-256 (wire: checksum_mismatch).</summary>
    ChecksumMismatch = 14,

    /// <summary>A chunk index out of range, or a chunk of the wrong length (wire: invalid_format, "Invalid chunk").</summary>
    InvalidChunk = 15,

    /// <summary>upload-complete before every chunk is stored (wire: upload_incomplete).</summary>
    UploadIncomplete = 16,
}
