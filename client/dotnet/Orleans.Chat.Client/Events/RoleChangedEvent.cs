namespace Orleans.Chat.Client;

/// <summary>The owner gave a member another role.</summary>
public sealed record RoleChangedEvent
{
    /// <summary>The room.</summary>
    public required string RoomId { get; init; }

    /// <summary>The member.</summary>
    public required string UserId { get; init; }

    /// <summary>The new role (<see cref="RoomRoles.Admin"/> or <see cref="RoomRoles.Member"/>).</summary>
    public required string Role { get; init; }
}
