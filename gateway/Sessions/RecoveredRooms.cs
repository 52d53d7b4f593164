namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Where a recovered Socket.IO connection resumes in each room: room id -> seq of the last message,
/// and room id -> change seq of the last edit or delete, its previous connection was given.
/// </summary>
public sealed record RecoveredRooms(IReadOnlyDictionary<string, long> Cursors, IReadOnlyDictionary<string, long> ChangeCursors);
