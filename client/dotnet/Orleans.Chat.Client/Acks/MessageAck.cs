namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.SendMessageAsync"/>: the message is stored.</summary>
public sealed record MessageAck
{
    /// <summary>The server's message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The message's position in its room.</summary>
    public long Seq { get; init; }

    /// <summary>When it was stored, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }
}
