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

    /// <summary>A per-user cap is reached (e.g. unread private messages from one sender).</summary>
    QuotaExceeded = 7,
}
