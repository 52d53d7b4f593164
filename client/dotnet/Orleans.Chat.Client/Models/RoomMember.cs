namespace Orleans.Chat.Client;

/// <summary>A member of a room with their current presence.</summary>
public sealed record RoomMember
{
    /// <summary>The member's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The member's display name.</summary>
    public required string Name { get; init; }

    /// <summary>The member's presence.</summary>
    public PresenceStatus Status { get; init; }
}
