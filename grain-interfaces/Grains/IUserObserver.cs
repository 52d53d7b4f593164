using Orleans.Chat.Events;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// A gateway's receiver of one user's live events (private messages, membership changes made
/// on other connections), pushed by the user grain with a one-way call per gateway.
/// </summary>
[Alias("chat.IUserObserver")]
public interface IUserObserver : IGrainObserver
{
    [OneWay, Alias("OnUserEvent")] Task OnUserEvent(UserEvent userEvent);

    /// <summary>The user grain is deactivating and forgets its subscribers: subscribe again now.</summary>
    [OneWay, Alias("OnSubscriptionEnded")] Task OnSubscriptionEnded();
}
