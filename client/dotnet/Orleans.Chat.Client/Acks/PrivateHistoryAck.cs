namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.GetPrivateHistoryAsync"/>.</summary>
public sealed record PrivateHistoryAck
{
    /// <summary>The conversation of the two users.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The conversation's highest seq when the page was read.</summary>
    public long LastSeq { get; init; }

    /// <summary>The conversation's change counter (edits and deletes) when the page was read.</summary>
    public long LastChangeSeq { get; init; }

    /// <summary>The page of messages, ascending by seq.</summary>
    public IReadOnlyList<PrivateMessage> Messages { get; init; } = [];
}
