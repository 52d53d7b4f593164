namespace Orleans.Chat.Model;

/// <summary>
/// Where a disconnected Socket.IO session stood in each of its rooms, kept for a while so that
/// a reconnect (to any gateway) can resume exactly there.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.SessionRecoveryPoint")]
public sealed record SessionRecoveryPoint
{
    /// <summary>The Socket.IO socket id, which a recovered connection takes over.</summary>
    [Id(1)] public required string SocketId { get; init; }

    /// <summary>Room id -> seq of the last message the session was given.</summary>
    [Id(2)] public required IReadOnlyDictionary<string, long> RoomCursors { get; init; }

    /// <summary>Room id -> change seq of the last edit or delete the session was given (none from older gateways).</summary>
    [Id(3)] public IReadOnlyDictionary<string, long> ChangeCursors { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);
}
