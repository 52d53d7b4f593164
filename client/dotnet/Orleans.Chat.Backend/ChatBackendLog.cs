using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Backend;

internal static partial class ChatBackendLog
{
    [LoggerMessage(9101, LogLevel.Debug, "Posted to room {RoomId} as {SenderId}: {Error}")]
    public static partial void PostedToRoom(this ILogger logger, string roomId, string senderId, ChatError error);

    [LoggerMessage(9102, LogLevel.Debug, "Private message to {UserId} from {SenderId}: {Error}")]
    public static partial void SentPrivateMessage(this ILogger logger, string userId, string senderId, ChatError error);

    [LoggerMessage(9103, LogLevel.Information, "Subscribed to the chat-events feed ({Partitions} partition streams)")]
    public static partial void FeedSubscribed(this ILogger logger, int partitions);

    [LoggerMessage(9104, LogLevel.Warning, "Chat-events gap in {Scope} {ScopeId}: seq {FromSeq} to {ToSeq} missing, {Repaired} repaired from history")]
    public static partial void FeedGap(this ILogger logger, string scope, string scopeId, long fromSeq, long toSeq, int repaired);

    [LoggerMessage(9105, LogLevel.Warning, "The chat-events handler failed on {Kind} of {ScopeId} seq {Seq}; the feed goes on")]
    public static partial void HandlerFailed(this ILogger logger, string kind, string scopeId, long seq, Exception exception);

    [LoggerMessage(9106, LogLevel.Warning, "Repairing a chat-events gap of {ScopeId} from history failed; reported as not repaired")]
    public static partial void RepairFailed(this ILogger logger, string scopeId, Exception exception);
}
