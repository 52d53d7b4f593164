using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.Chat.Grains.Notifications;

namespace Orleans.Chat.Hosting.Notifications;

/// <summary>Webhook delivery logs: ids, types, counts and statuses only, never the secret or message content.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(4701, LogLevel.Warning, "Notification dead-lettered: {Type} for {UserId}, delivery {DeliveryId}, {Attempts} attempts, last status {LastStatus}")]
    public static partial void DeadLettered(ILogger logger, string userId, string type, string deliveryId, int attempts, string lastStatus);

    [LoggerMessage(4702, LogLevel.Warning, "Notification {Type} for {UserId} dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string userId, string type, string reason);

    [LoggerMessage(4703, LogLevel.Debug, "Webhook attempt {Attempt} of delivery {DeliveryId} ({Type} for {UserId}) got {Status}; next in {DelayMs} ms")]
    public static partial void WillRetry(ILogger logger, int attempt, string deliveryId, string type, string userId, string status, long delayMs);

    [LoggerMessage(4704, LogLevel.Debug, "Webhook delivery {DeliveryId} ({Type} for {UserId}) accepted with {Status} at attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string deliveryId, string type, string userId, HttpStatusCode status, int attempt);

    [LoggerMessage(4705, LogLevel.Information, "Webhook notifications are on: POST to {Host}")]
    public static partial void Enabled(ILogger logger, string host);
}
