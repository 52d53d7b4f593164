namespace Orleans.Chat.Client;

/// <summary>A user became a member of a room (not sent to that user's own connections).</summary>
public sealed record UserJoinedEvent
{
    /// <summary>The new member's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The new member.</summary>
    public required UserRef User { get; init; }

    /// <summary>The room.</summary>
    public required string RoomId { get; init; }
}
