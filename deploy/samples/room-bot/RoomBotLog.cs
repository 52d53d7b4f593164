using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Samples.RoomBot;

internal static partial class RoomBotLog
{
    [LoggerMessage(9201, LogLevel.Information, "Room bot {UserId} ready in room {RoomId}")]
    public static partial void Ready(this ILogger logger, string userId, string roomId);

    [LoggerMessage(9202, LogLevel.Information, "Answered {Command} of {UserId} in room {RoomId}: {Error}")]
    public static partial void Answered(this ILogger logger, string command, string userId, string roomId, ChatError error);

    [LoggerMessage(9203, LogLevel.Warning, "Room {RoomId} could not be created: {Error}")]
    public static partial void CreateFailed(this ILogger logger, string roomId, ChatError error);
}
