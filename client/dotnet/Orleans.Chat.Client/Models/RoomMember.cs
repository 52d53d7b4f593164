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

    /// <summary>The member's role: <see cref="RoomRoles.Owner"/>, <see cref="RoomRoles.Admin"/> or <see cref="RoomRoles.Member"/>.</summary>
    public string Role { get; init; } = RoomRoles.Member;
}
