namespace Orleans.Chat.Grains.Notifications;

/// <summary>The two kinds of notification; <see cref="Name"/> is the body's "type".</summary>
public enum NotificationType
{
    PrivateMessage = 0,
    Mention = 1,
}

/// <summary>One webhook call to make: the exact body bytes are what gets signed.</summary>
public sealed record WebhookNotification(string UserId, NotificationType Type, string DeliveryId, ReadOnlyMemory<byte> Body)
{
    public string TypeName => Type == NotificationType.Mention ? "mention" : "private-message";
}

/// <summary>
/// Takes notifications off the grains and calls the webhook on its own time (hosting/Notifications).
/// Never blocks: false when the notification was dropped by a cap.
/// </summary>
public interface IWebhookSender
{
    bool TryEnqueue(WebhookNotification notification);
}
