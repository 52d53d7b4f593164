namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.GetHistoryAsync"/>.</summary>
public sealed record HistoryAck
{
    /// <summary>The page of messages, ascending by seq.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];
}
