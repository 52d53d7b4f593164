namespace Orleans.Chat.Model;

/// <summary>
/// What a new session needs from its user grain, read in one turn (one call instead of four): the rooms
/// to subscribe to, the sidebar of <c>connected</c>, and the conversations that hold unread messages
/// (for <c>pending-messages</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.SessionStart")]
public sealed record SessionStart
{
    /// <summary>Every room the user belongs to.</summary>
    [Id(0)] public required IReadOnlyList<string> RoomIds { get; init; }

    /// <summary>The rooms as get-rooms answers them, most recently active first, at most the sidebar limit.</summary>
    [Id(1)] public required IReadOnlyList<RoomSummary> Rooms { get; init; }

    /// <summary>The conversations as get-conversations answers them (without last messages), at most the sidebar limit.</summary>
    [Id(2)] public required IReadOnlyList<ConversationEntry> Conversations { get; init; }

    /// <summary>The most recently active conversations with unread messages, at most the pending limit.</summary>
    [Id(3)] public required IReadOnlyList<ConversationEntry> UnreadConversations { get; init; }
}
