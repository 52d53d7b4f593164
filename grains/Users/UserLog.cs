using Microsoft.Extensions.Logging;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains;

internal static partial class UserLog
{
    [LoggerMessage(2001, LogLevel.Warning, "Publishing {Kind} to user {UserId} failed")]
    public static partial void PublishFailed(this ILogger logger, string userId, UserEventKind kind, Exception exception);

    [LoggerMessage(2002, LogLevel.Information, "Moved {Count} queued private messages of {UserId} into their conversations")]
    public static partial void PendingMigrated(this ILogger logger, string userId, int count);
}
