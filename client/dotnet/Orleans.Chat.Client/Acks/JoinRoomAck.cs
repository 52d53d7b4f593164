namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.JoinRoomAsync"/>.</summary>
public sealed record JoinRoomAck
{
    /// <summary>The room.</summary>
    public required RoomInfo Room { get; init; }

    /// <summary>The members with their presence.</summary>
    public IReadOnlyList<RoomMember> Members { get; init; } = [];

    /// <summary>
    /// The newest messages (or, with sinceSeq, every retained one after it), ascending. Messages
    /// this connection already received live as <see cref="ChatClient.NewMessage"/> are left out.
    /// </summary>
    public IReadOnlyList<ChatMessage> RecentMessages { get; init; } = [];

    /// <summary>The room's highest seq when the join completed; live messages that follow are above it.</summary>
    public long LastSeq { get; init; }

    /// <summary>With sinceSeq: false when messages after it were lost to retention. Null without sinceSeq.</summary>
    public bool? Recovered { get; init; }

    /// <summary>
    /// With sinceSeq: the server sent only the first page of what followed it; the rest, up to
    /// <see cref="LastSeq"/>, comes with <see cref="ChatClient.GetHistoryAsync"/> afterSeq (the client's
    /// own recovery after a reconnect does this itself).
    /// </summary>
    public bool HasMore { get; init; }

    /// <summary>The room's change counter (edits and deletes) when the join completed.</summary>
    public long LastChangeSeq { get; init; }

    /// <summary>
    /// With sinceSeq: the current state of the messages at or below it changed after sinceChangeSeq, in change order
    /// (the client's own recovery raises them as <see cref="ChatClient.MessageEdited"/> / <see cref="ChatClient.MessageDeleted"/>).
    /// Null when the ack has none (a join without sinceSeq).
    /// </summary>
    public IReadOnlyList<ChatMessage>? Changes { get; init; }

    /// <summary>More changed messages follow <see cref="Changes"/>: page them with <see cref="ChatClient.GetChangesAsync"/>.</summary>
    public bool HasMoreChanges { get; init; }
}
