namespace Orleans.Chat.Client;

/// <summary>One of the user's rooms, as <see cref="ChatClient.GetRoomsAsync"/> and the connect sidebar list them.</summary>
public sealed record RoomSummary
{
    /// <summary>The room.</summary>
    public required RoomInfo Room { get; init; }

    /// <summary>The user's role in it (<see cref="RoomRoles"/>).</summary>
    public string Role { get; init; } = RoomRoles.Member;

    /// <summary>The room's highest seq.</summary>
    public long LastSeq { get; init; }

    /// <summary>The newest message (a tombstone when deleted), or null.</summary>
    public ChatMessage? LastMessage { get; init; }

    /// <summary>Unix milliseconds of the last message, or of the room's creation.</summary>
    public long LastActivity { get; init; }

    /// <summary>The user's read cursor.</summary>
    public long ReadSeq { get; init; }

    /// <summary>Others' retained, not deleted messages after the read cursor.</summary>
    public long Unread { get; init; }
}
