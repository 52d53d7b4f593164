namespace Orleans.Chat.Client;

/// <summary>A message was edited: in a room (<see cref="RoomId"/>) or a direct conversation (<see cref="ConversationId"/>).</summary>
public sealed record MessageEditedEvent
{
    /// <summary>The room, or null for a conversation.</summary>
    public string? RoomId { get; init; }

    /// <summary>The conversation, or null for a room.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Seq of the edited message.</summary>
    public long Seq { get; init; }

    /// <summary>The message's id.</summary>
    public required string Id { get; init; }

    /// <summary>The new content.</summary>
    public required string Content { get; init; }

    /// <summary>When, in Unix milliseconds.</summary>
    public long EditedAt { get; init; }

    /// <summary>The editor (always the author).</summary>
    public string? EditedBy { get; init; }

    /// <summary>The room's or conversation's change counter at this edit.</summary>
    public long ChangeSeq { get; init; }

    /// <summary>True when the client's recovery raised it after a reconnect, from the message's current state.</summary>
    public bool Recovered { get; init; }
}
