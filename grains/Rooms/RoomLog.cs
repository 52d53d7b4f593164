using Microsoft.Extensions.Logging;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains;

internal static partial class RoomLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Publishing {Kind} to room {RoomId} failed; gateways repair gaps from history")]
    public static partial void PublishFailed(this ILogger logger, string roomId, RoomEventKind kind, Exception exception);

    [LoggerMessage(1004, LogLevel.Warning, "Reading the presence of {UserId} and {Others} more members of room {RoomId} (one partition) failed; shown offline")]
    public static partial void PresenceReadFailed(this ILogger logger, string roomId, string userId, int others, Exception exception);

    [LoggerMessage(1005, LogLevel.Warning, "Counting the new room {RoomId} in the cluster stats failed")]
    public static partial void RoomCountFailed(this ILogger logger, string roomId, Exception exception);

    [LoggerMessage(1007, LogLevel.Debug, "Room {RoomId} loaded: last seq {LastSeq}, head page {HeadPage}, {Members} members")]
    public static partial void Loaded(this ILogger logger, string roomId, long lastSeq, long headPage, int members);
}
