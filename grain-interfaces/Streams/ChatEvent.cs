using Orleans.Chat.Model;

namespace Orleans.Chat.Streams;

/// <summary>What a <see cref="ChatEvent"/> reports. Every kind is published only after its durable write.</summary>
public enum ChatEventKind
{
    /// <summary>A stored room message (<see cref="ChatEvent.RoomMessage"/>; Seq is its seq).</summary>
    RoomMessage = 0,

    /// <summary>A stored private message (<see cref="ChatEvent.PrivateMessage"/>; Seq is its seq in the conversation).</summary>
    PrivateMessage = 1,

    /// <summary>A message was edited (<see cref="ChatEvent.Change"/>; Seq is the change's ChangeSeq).</summary>
    MessageEdited = 2,

    /// <summary>A message was deleted (<see cref="ChatEvent.Change"/>; Seq is the change's ChangeSeq).</summary>
    MessageDeleted = 3,

    /// <summary><see cref="ChatEvent.UserId"/> became a member of the room.</summary>
    MemberJoined = 4,

    /// <summary><see cref="ChatEvent.UserId"/> left the room.</summary>
    MemberLeft = 5,

    /// <summary><see cref="ChatEvent.UserId"/> was removed from the room by <see cref="ChatEvent.ByUserId"/>.</summary>
    MemberRemoved = 6,
}

/// <summary>Where a <see cref="ChatEvent"/> happened.</summary>
public enum ChatEventScope
{
    Room = 0,
    Conversation = 1,
}

/// <summary>
/// One event of the <c>chat-events</c> feed for backend consumers (notifications, webhooks, search,
/// analytics). A scope's events travel in order on one partition stream (<see cref="ChatStreams.ChatEvents"/>).
/// Gap detection: for messages, Seq is the message seq, contiguous per scope, so seeing n+2 after n
/// means n+1 was lost: repair with history (afterSeq n). For edits and deletes, Seq is the change
/// seq, contiguous per scope: repair with the changes since n. For membership kinds, Seq is the
/// scope's last message seq when it happened (a position only): repair by reading the members.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.ChatEvent")]
public sealed record ChatEvent
{
    [Id(0)] public required ChatEventKind Kind { get; init; }
    [Id(1)] public required ChatEventScope Scope { get; init; }

    /// <summary>The room id, or the conversation id (<see cref="ConversationIds"/>).</summary>
    [Id(2)] public required string ScopeId { get; init; }

    /// <summary>See the type's remarks: message seq, change seq, or a position for membership kinds.</summary>
    [Id(3)] public required long Seq { get; init; }

    /// <summary>When the write happened, unix milliseconds.</summary>
    [Id(4)] public required long Timestamp { get; init; }

    [Id(5)] public ChatMessage? RoomMessage { get; init; }
    [Id(6)] public PrivateMessage? PrivateMessage { get; init; }
    [Id(7)] public MessageChange? Change { get; init; }

    /// <summary>Membership kinds: the member. Conversation changes: the user who made the change.</summary>
    [Id(8)] public string? UserId { get; init; }

    /// <summary>MemberRemoved: who removed <see cref="UserId"/>.</summary>
    [Id(9)] public string? ByUserId { get; init; }
}
