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
}
