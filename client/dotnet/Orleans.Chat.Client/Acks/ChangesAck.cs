namespace Orleans.Chat.Client;

/// <summary>
/// The answer to <see cref="ChatClient.GetChangesAsync"/> (<typeparamref name="TMessage"/> = <see cref="ChatMessage"/>) and
/// <see cref="ChatClient.GetConversationChangesAsync"/> (<see cref="PrivateMessage"/>): the current state of the messages
/// changed after sinceChangeSeq, ascending by their <c>ChangeSeq</c>, each once.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
public sealed record ChangesAck<TMessage>
{
    /// <summary>The changed messages as they are now (deleted ones as tombstones).</summary>
    public IReadOnlyList<TMessage> Messages { get; init; } = [];

    /// <summary>The room's or conversation's change counter.</summary>
    public long LastChangeSeq { get; init; }

    /// <summary>More follow: ask again after the last message's change seq.</summary>
    public bool HasMore { get; init; }
}
