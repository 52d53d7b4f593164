using Microsoft.Extensions.Options;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Chat.Grains.Notifications;

/// <summary>The consumer of one chat-events partition (key "0" to "15"), activated by its events.</summary>
[Alias("chat.IChatEventRouterGrain")]
internal interface IChatEventRouterGrain : IGrainWithStringKey;

/// <summary>
/// Reads a chat-events partition and hands what may need a notification to the recipient's
/// <see cref="INotificationGrain"/> with one-way calls: it awaits nothing, so neither a slow
/// webhook nor a busy user grain holds up the partition. Presence and membership are checked by
/// the user grain, off this path. With Notifications:WebhookUrl unset every event is a no-op.
/// </summary>
[ImplicitStreamSubscription(ChatStreams.ChatEventsNamespace)]
internal sealed class ChatEventRouterGrain(IOptions<NotificationOptions> options, IGrainFactory grains)
    : Grain, IChatEventRouterGrain, IStreamSubscriptionObserver, IAsyncObserver<ChatEvent>
{
    private readonly NotificationOptions _options = options.Value;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<ChatEvent>().ResumeAsync(this);

    public Task OnNextAsync(ChatEvent item, StreamSequenceToken? token = null)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        switch (item)
        {
            case { Kind: ChatEventKind.PrivateMessage, PrivateMessage: { Deleted: false } message }
                when !string.Equals(message.FromUserId, message.ToUserId, StringComparison.Ordinal):
                return grains.Reference<INotificationGrain>(message.ToUserId).PrivateMessage(message);
            case { Kind: ChatEventKind.RoomMessage, RoomMessage: { Deleted: false } message } when message.Content.Contains('@', StringComparison.Ordinal):
                foreach (var userId in Mentions.Find(message.Content, _options.MaxMentionsPerMessage))
                {
                    if (!string.Equals(userId, message.UserId, StringComparison.Ordinal))
                    {
                        // One-way: completes when sent, not when handled.
                        _ = grains.Reference<INotificationGrain>(userId).Mention(message);
                    }
                }

                return Task.CompletedTask;
            default:
                return Task.CompletedTask;
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
