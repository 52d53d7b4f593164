namespace Orleans.Chat.Client;

/// <summary>After a reconnect: every tracked room was re-joined and its missed messages were raised.</summary>
public sealed record RecoveredEvent
{
    /// <summary>One entry per re-joined room.</summary>
    public required IReadOnlyList<RoomRecovery> Rooms { get; init; }
}
