namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.SendPrivateMessageAsync"/>: the message is stored.</summary>
public sealed record PrivateMessageAck
{
    /// <summary>The server's message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>True when the recipient had a live connection; else it waits as a pending message.</summary>
    public bool Delivered { get; init; }
}
