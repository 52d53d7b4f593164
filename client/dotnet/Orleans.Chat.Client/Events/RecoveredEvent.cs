namespace Orleans.Chat.Client;

/// <summary>After a reconnect: every tracked room was re-joined, every tracked conversation caught up, and what they missed was raised.</summary>
public sealed record RecoveredEvent
{
    /// <summary>One entry per re-joined room.</summary>
    public required IReadOnlyList<RoomRecovery> Rooms { get; init; }

    /// <summary>One entry per conversation that fetched its history after the last seq it had given.</summary>
    public IReadOnlyList<ConversationRecovery> Conversations { get; init; } = [];
}
