namespace Orleans.Chat.Model;

/// <summary>
/// A member's role in a room. The owner (the creator of the room) may do everything; an admin may
/// delete others' messages, kick members and update the room; a member may only use it. Public rooms
/// created by a join have no owner.
/// </summary>
public static class RoomRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";

    /// <summary>The roles set-role may give: owner is not transferable.</summary>
    public static bool IsAssignable(string? role) => role is Admin or Member;
}

/// <summary>An update-room: null fields are left as they are.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomUpdate")]
public sealed record RoomUpdate
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? Topic { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.UpdateRoomResult")]
public sealed record UpdateRoomResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public RoomInfo? Room { get; init; }

    public static UpdateRoomResult Failed(ChatError error) => new() { Error = error };
}
