namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.GetConversationsAsync"/>.</summary>
public sealed record ConversationsAck
{
    /// <summary>The user's conversations, most recently active first.</summary>
    public IReadOnlyList<ConversationSummary> Conversations { get; init; } = [];
}
