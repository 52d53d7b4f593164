namespace Orleans.Chat.Client;

/// <summary>How one direct conversation came back after a reconnect.</summary>
public sealed record ConversationRecovery
{
    /// <summary>The conversation.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The other user.</summary>
    public required string WithUserId { get; init; }

    /// <summary>False when fetching its history failed.</summary>
    public bool Recovered { get; init; }

    /// <summary>Messages the recovery raised as <see cref="ChatClient.PrivateMessage"/>: missed while away, plus those that raced the fetch.</summary>
    public int Missed { get; init; }

    /// <summary>Edits and deletes the recovery raised as <see cref="ChatClient.MessageEdited"/> / <see cref="ChatClient.MessageDeleted"/>.</summary>
    public int Changes { get; init; }

    /// <summary>Why fetching the history failed, or null.</summary>
    public ChatException? Error { get; init; }
}
