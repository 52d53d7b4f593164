namespace Orleans.Chat.Model;

/// <summary>An edit of a stored room or conversation message. Only its author may edit it.</summary>
[GenerateSerializer, Immutable, Alias("chat.EditMessageRequest")]
public sealed record EditMessageRequest
{
    [Id(0)] public required UserRef User { get; init; }
    [Id(1)] public required long Seq { get; init; }
    [Id(2)] public required string Content { get; init; }
}

/// <summary>A delete of a stored message: its author, or in a room its owner or an admin.</summary>
[GenerateSerializer, Immutable, Alias("chat.DeleteMessageRequest")]
public sealed record DeleteMessageRequest
{
    [Id(0)] public required UserRef User { get; init; }
    [Id(1)] public required long Seq { get; init; }
}

public enum MessageChangeKind
{
    Edited = 0,
    Deleted = 1,
}

/// <summary>
/// One edit or delete, as published to the room's gateways or both users of a conversation.
/// <see cref="ChangeSeq"/> is 1, 2, 3, ... per room or conversation (its own counter, apart from
/// message seqs), so a client that remembers the highest one it saw can ask for what it missed.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.MessageChange")]
public sealed record MessageChange
{
    [Id(0)] public required MessageChangeKind Kind { get; init; }

    /// <summary>The room id, or the conversation id.</summary>
    [Id(1)] public required string ScopeId { get; init; }

    /// <summary>Seq of the changed message.</summary>
    [Id(2)] public required long Seq { get; init; }
    [Id(3)] public required string MessageId { get; init; }

    /// <summary>The new content of an edit; empty for a delete.</summary>
    [Id(4)] public string Content { get; init; } = "";

    /// <summary>Unix milliseconds of the change.</summary>
    [Id(5)] public required long ChangedAt { get; init; }

    /// <summary>The user who made the change.</summary>
    [Id(6)] public required string ChangedBy { get; init; }
    [Id(7)] public required long ChangeSeq { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.MessageChangeResult")]
public sealed record MessageChangeResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public MessageChange? Change { get; init; }

    public static MessageChangeResult Failed(ChatError error) => new() { Error = error };
}

/// <summary>The messages changed after <see cref="SinceChangeSeq"/>, for a client catching up on edits and deletes.</summary>
[GenerateSerializer, Immutable, Alias("chat.ChangesRequest")]
public sealed record ChangesRequest
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public long SinceChangeSeq { get; init; }

    /// <summary>1 to 100.</summary>
    [Id(2)] public int Limit { get; init; } = 100;

    /// <summary>Set by the gateway itself when repairing a gap in live changes: no membership check.</summary>
    [Id(3)] public bool BypassMembership { get; init; }
}

/// <summary>
/// The current state of the retained messages changed after the request's SinceChangeSeq, ascending
/// by <see cref="ChatMessage.ChangeSeq"/>; a message changed twice is listed once, at its last change.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.RoomChangesResult")]
public sealed record RoomChangesResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public IReadOnlyList<ChatMessage> Messages { get; init; } = [];
    [Id(2)] public long LastChangeSeq { get; init; }
    [Id(3)] public bool HasMore { get; init; }

    public static RoomChangesResult Failed(ChatError error) => new() { Error = error };
}

/// <inheritdoc cref="RoomChangesResult"/>
[GenerateSerializer, Immutable, Alias("chat.ConversationChangesResult")]
public sealed record ConversationChangesResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public IReadOnlyList<PrivateMessage> Messages { get; init; } = [];
    [Id(2)] public long LastChangeSeq { get; init; }
    [Id(3)] public bool HasMore { get; init; }

    public static ConversationChangesResult Failed(ChatError error) => new() { Error = error };
}
