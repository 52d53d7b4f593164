using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains.Notifications;

/// <summary>
/// A user's pending notifications (key: user id), gathered for Notifications:Debounce and sent
/// as one webhook call per type. One-way: the chat-events consumer never waits for it.
/// </summary>
[Alias("chat.INotificationGrain")]
internal interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>A private message to this user was stored.</summary>
    [OneWay, Alias("PrivateMessage")] Task PrivateMessage(PrivateMessage message);

    /// <summary>A room message mentioning this user was stored (membership is checked here).</summary>
    [OneWay, Alias("Mention")] Task Mention(ChatMessage message);
}
