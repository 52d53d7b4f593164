namespace Orleans.Chat.Client;

/// <summary>A message of a direct conversation. <see cref="Seq"/> numbers the conversation's messages 1, 2, 3, ...</summary>
public sealed record PrivateMessage
{
    /// <summary>The server's message id.</summary>
    public required string Id { get; init; }

    /// <summary>The conversation of the two users; the same for both (see <see cref="ConversationIds.Of"/>).</summary>
    public required string ConversationId { get; init; }

    /// <summary>The message's position in its conversation.</summary>
    public long Seq { get; init; }

    /// <summary>The sender's user id.</summary>
    public required string FromUserId { get; init; }

    /// <summary>The sender.</summary>
    public required UserRef FromUser { get; init; }

    /// <summary>The recipient's user id.</summary>
    public required string ToUserId { get; init; }

    /// <summary>The text.</summary>
    public required string Content { get; init; }

    /// <summary>The message type (<c>text</c> unless the sender chose another).</summary>
    public string Type { get; init; } = "text";

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

    /// <summary>The file of a message of type <c>file</c>; null otherwise and once deleted.</summary>
    public FileRef? File { get; init; }

    /// <summary>The finished call of a message of type <c>call</c>; null otherwise.</summary>
    public CallRecord? Call { get; init; }
}
