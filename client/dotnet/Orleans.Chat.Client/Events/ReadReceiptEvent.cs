namespace Orleans.Chat.Client;

/// <summary>A user read a room (<see cref="RoomId"/>) or conversation (<see cref="ConversationId"/>) up to <see cref="Seq"/>.</summary>
public sealed record ReadReceiptEvent
{
    /// <summary>The room, or null for a conversation.</summary>
    public string? RoomId { get; init; }

    /// <summary>The conversation, or null for a room.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The reader: another member, or the user itself on another device.</summary>
    public required string UserId { get; init; }

    /// <summary>The reader's read cursor.</summary>
    public long Seq { get; init; }
}
