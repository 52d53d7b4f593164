namespace Orleans.Chat.Client;

/// <summary>The user's unread count of a room (<see cref="RoomId"/>) or conversation (<see cref="ConversationId"/>) changed.</summary>
public sealed record UnreadChangedEvent
{
    /// <summary>The room, or null for a conversation.</summary>
    public string? RoomId { get; init; }

    /// <summary>The conversation, or null for a room.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The new count.</summary>
    public long Unread { get; init; }
}
