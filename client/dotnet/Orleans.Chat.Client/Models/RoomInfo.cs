namespace Orleans.Chat.Client;

/// <summary>A room's identity and access rules.</summary>
public sealed record RoomInfo
{
    /// <summary>The room id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name, when one was given.</summary>
    public string? Name { get; init; }

    /// <summary>Public or private.</summary>
    public RoomVisibility Visibility { get; init; }

    /// <summary>The creator of a room made with create-room; null for rooms created by a join.</summary>
    public string? OwnerId { get; init; }

    /// <summary>The topic the owner or an admin set with <see cref="ChatClient.UpdateRoomAsync"/>; empty until then.</summary>
    public string Topic { get; init; } = "";
}
