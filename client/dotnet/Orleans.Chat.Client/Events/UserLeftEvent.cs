namespace Orleans.Chat.Client;

/// <summary>A user left a room.</summary>
public sealed record UserLeftEvent
{
    /// <summary>The user who left.</summary>
    public required string UserId { get; init; }

    /// <summary>The room.</summary>
    public required string RoomId { get; init; }
}
