namespace Orleans.Chat.Client;

/// <summary>A message was deleted (it stays as a tombstone): in a room (<see cref="RoomId"/>) or a conversation (<see cref="ConversationId"/>).</summary>
public sealed record MessageDeletedEvent
{
    /// <summary>The room, or null for a conversation.</summary>
    public string? RoomId { get; init; }

    /// <summary>The conversation, or null for a room.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Seq of the deleted message.</summary>
    public long Seq { get; init; }

    /// <summary>The message's id.</summary>
    public required string Id { get; init; }

    /// <summary>Who deleted it (the author, or the room's owner or an admin); null when recovered (a message does not record it).</summary>
    public string? DeletedBy { get; init; }

    /// <summary>The room's or conversation's change counter at this delete.</summary>
    public long ChangeSeq { get; init; }

    /// <summary>True when the client's recovery raised it after a reconnect, from the message's current state.</summary>
    public bool Recovered { get; init; }
}
