namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.UploadFileAsync"/>: the file is stored and its message posted.</summary>
public sealed record UploadFileAck
{
    /// <summary>The stored file.</summary>
    public required FileRef File { get; init; }

    /// <summary>The id of the <c>file</c> message.</summary>
    public required string MessageId { get; init; }

    /// <summary>The message's seq in its room or conversation.</summary>
    public long Seq { get; init; }

    /// <summary>When it was stored, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }

    /// <summary>The conversation id, for an upload to a direct conversation.</summary>
    public string? ConversationId { get; init; }
}
