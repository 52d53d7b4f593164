namespace Orleans.Chat.Client;

/// <summary>A room's name or topic changed.</summary>
public sealed record RoomUpdatedEvent
{
    /// <summary>The room as it is now.</summary>
    public required RoomInfo Room { get; init; }
}
