namespace Orleans.Chat.Client;

/// <summary>
/// A user's presence changed. It comes through every room the user shares with this client,
/// so once per shared room.
/// </summary>
public sealed record PresenceUpdateEvent
{
    /// <summary>The user whose presence changed.</summary>
    public required string UserId { get; init; }

    /// <summary>The new presence.</summary>
    public PresenceStatus Status { get; init; }

    /// <summary>When it changed, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }
}
