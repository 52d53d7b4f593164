namespace Orleans.Chat.Client;

/// <summary>
/// Where an edit, delete or read applies: a room (<see cref="Room"/>) or the direct conversation with a user
/// (<see cref="Conversation"/>). Exactly one of <see cref="RoomId"/> and <see cref="WithUserId"/> is set.
/// </summary>
public sealed record ChatScope
{
    private ChatScope(string? roomId, string? withUserId)
    {
        RoomId = roomId;
        WithUserId = withUserId;
    }

    /// <summary>The room, or null for a conversation.</summary>
    public string? RoomId { get; }

    /// <summary>The other user of the conversation, or null for a room.</summary>
    public string? WithUserId { get; }

    /// <summary>A room.</summary>
    public static ChatScope Room(string roomId)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        return new ChatScope(roomId, null);
    }

    /// <summary>The direct conversation with <paramref name="withUserId"/>.</summary>
    public static ChatScope Conversation(string withUserId)
    {
        ArgumentException.ThrowIfNullOrEmpty(withUserId);
        return new ChatScope(null, withUserId);
    }
}
