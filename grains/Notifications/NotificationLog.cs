using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Grains.Notifications;

internal static partial class NotificationLog
{
    [LoggerMessage(3901, LogLevel.Debug, "Notification ({Type}, {Count} messages) for {UserId} dropped: the user came online")]
    public static partial void DroppedOnline(ILogger logger, string userId, NotificationType type, int count);
}
