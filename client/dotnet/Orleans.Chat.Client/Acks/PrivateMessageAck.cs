namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.SendPrivateMessageAsync"/>: the message is stored in its conversation.</summary>
public sealed record PrivateMessageAck
{
    /// <summary>The server's message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The conversation of the two users.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The message's position in its conversation.</summary>
    public long Seq { get; init; }

    /// <summary>When it was stored, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }

    /// <summary>True when the recipient had a live connection; either way it is stored and listed as unread until read.</summary>
    public bool Delivered { get; init; }
}
