namespace Orleans.Chat.Client;

/// <summary>A member's role in a room (<see cref="RoomMember.Role"/>, <see cref="RoomSummary.Role"/>).</summary>
public static class RoomRoles
{
    /// <summary>The room's creator: may do everything, including <see cref="ChatClient.SetRoleAsync"/>.</summary>
    public const string Owner = "owner";

    /// <summary>May delete others' messages, kick members and update the room.</summary>
    public const string Admin = "admin";

    /// <summary>May use the room.</summary>
    public const string Member = "member";
}
