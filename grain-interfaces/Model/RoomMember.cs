namespace Orleans.Chat.Model;

/// <summary>A member of a room with the presence status the room last heard of.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomMember")]
public sealed record RoomMember
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string Status { get; init; }

    /// <summary><see cref="RoomRoles.Owner"/>, <see cref="RoomRoles.Admin"/> or <see cref="RoomRoles.Member"/>.</summary>
    [Id(3)] public string Role { get; init; } = RoomRoles.Member;
}
