using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Grains;

internal static partial class ConversationLog
{
    [LoggerMessage(3002, LogLevel.Warning, "Recording message {Seq} of conversation {ConversationId} in the index of {UserId} failed")]
    public static partial void ConversationIndexUpdateFailed(this ILogger logger, string conversationId, long seq, string userId, Exception exception);

    [LoggerMessage(3006, LogLevel.Debug, "Conversation {ConversationId} loaded: last seq {LastSeq}, head page {HeadPage}")]
    public static partial void ConversationLoaded(this ILogger logger, string conversationId, long lastSeq, long headPage);

    [LoggerMessage(3005, LogLevel.Information, "Migrated queued private message {MessageId} into conversation {ConversationId} as seq {Seq}")]
    public static partial void Imported(this ILogger logger, string conversationId, string messageId, long seq);

    [LoggerMessage(3007, LogLevel.Warning, "Telling {UserId} about a change or read receipt of conversation {ConversationId} failed")]
    public static partial void ConversationPushFailed(this ILogger logger, string conversationId, string userId, Exception exception);
}
