namespace Orleans.Chat.Model;

/// <summary>A user has read a room or conversation up to <see cref="Seq"/>.</summary>
[GenerateSerializer, Immutable, Alias("chat.ReadReceipt")]
public sealed record ReadReceipt
{
    /// <summary>The room id, or the conversation id.</summary>
    [Id(0)] public required string ScopeId { get; init; }
    [Id(1)] public required string UserId { get; init; }
    [Id(2)] public required long Seq { get; init; }
}

/// <summary>Answer of a room to a member's read: the seq it was clamped to (at most the room's last seq).</summary>
[GenerateSerializer, Immutable, Alias("chat.ReadResult")]
public sealed record ReadResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public long Seq { get; init; }

    public static ReadResult Failed(ChatError error) => new() { Error = error };
}

/// <summary>One room of a user's room list (get-rooms, and the sidebar in connected), as that user sees it.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomSummary")]
public sealed record RoomSummary
{
    [Id(0)] public required RoomInfo Room { get; init; }

    /// <summary>The user's <see cref="RoomRoles"/> role.</summary>
    [Id(1)] public required string Role { get; init; }
    [Id(2)] public long LastSeq { get; init; }

    /// <summary>The newest message (a tombstone when deleted), or null.</summary>
    [Id(3)] public ChatMessage? LastMessage { get; init; }

    /// <summary>Unix milliseconds of the last message, or of the room's creation.</summary>
    [Id(4)] public long LastActivity { get; init; }

    /// <summary>The user's read cursor.</summary>
    [Id(5)] public long ReadSeq { get; init; }

    /// <summary>Retained messages after the read cursor that others sent and that are not deleted.</summary>
    [Id(6)] public long Unread { get; init; }
}
