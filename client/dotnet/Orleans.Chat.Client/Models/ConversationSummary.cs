namespace Orleans.Chat.Client;

/// <summary>One of the user's direct conversations, as <see cref="ChatClient.GetConversationsAsync"/> lists them.</summary>
public sealed record ConversationSummary
{
    /// <summary>The conversation's id.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The other user.</summary>
    public required UserRef WithUser { get; init; }

    /// <summary>The conversation's highest seq.</summary>
    public long LastSeq { get; init; }

    /// <summary>The newest message, or null.</summary>
    public PrivateMessage? LastMessage { get; init; }

    /// <summary>Messages after the user's read cursor: <see cref="LastSeq"/> minus the seq last marked read.</summary>
    public long Unread { get; init; }

    /// <summary>The conversation's change counter (edits and deletes); a client that saw less missed some.</summary>
    public long LastChangeSeq { get; init; }
}
