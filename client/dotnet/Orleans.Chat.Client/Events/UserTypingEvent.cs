namespace Orleans.Chat.Client;

/// <summary>Another member of a room is typing.</summary>
public sealed record UserTypingEvent
{
    /// <summary>The typist's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The typist.</summary>
    public required UserRef User { get; init; }

    /// <summary>The room.</summary>
    public required string RoomId { get; init; }
}
