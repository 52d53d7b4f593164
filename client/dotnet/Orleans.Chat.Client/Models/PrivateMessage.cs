namespace Orleans.Chat.Client;

/// <summary>A direct message from one user to another.</summary>
public sealed record PrivateMessage
{
    /// <summary>The server's message id.</summary>
    public required string Id { get; init; }

    /// <summary>The sender's user id.</summary>
    public required string FromUserId { get; init; }

    /// <summary>The sender.</summary>
    public required UserRef FromUser { get; init; }

    /// <summary>The recipient's user id.</summary>
    public required string ToUserId { get; init; }

    /// <summary>The text.</summary>
    public required string Content { get; init; }

    /// <summary>When the server stored the message, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }
}
