namespace Orleans.Chat.Client;

/// <summary>A room message. <see cref="Seq"/> numbers a room's messages 1, 2, 3, ... with no gap.</summary>
public sealed record ChatMessage
{
    /// <summary>The server's message id.</summary>
    public required string Id { get; init; }

    /// <summary>The room the message belongs to.</summary>
    public required string RoomId { get; init; }

    /// <summary>The message's position in its room.</summary>
    public long Seq { get; init; }

    /// <summary>The sender's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The sender.</summary>
    public required UserRef User { get; init; }

    /// <summary>The text.</summary>
    public required string Content { get; init; }

    /// <summary>The message type (<c>text</c> unless the sender chose another).</summary>
    public required string Type { get; init; }

    /// <summary>When the server stored the message, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }

    /// <summary>True once the message was edited.</summary>
    public bool Edited { get; init; }

    /// <summary>True once the message was deleted: a tombstone at its seq, with empty <see cref="Content"/>.</summary>
    public bool Deleted { get; init; }

    /// <summary>When the message was last edited, in Unix milliseconds; null when never edited.</summary>
    public long? EditedAt { get; init; }

    /// <summary>The change counter (edits and deletes) at the message's last change; null when never changed.</summary>
    public long? ChangeSeq { get; init; }

    /// <summary>The file of a message of type <c>file</c> (<see cref="Content"/> is its name); null otherwise and once deleted.</summary>
    public FileRef? File { get; init; }
}
