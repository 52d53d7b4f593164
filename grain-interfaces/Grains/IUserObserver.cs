using Orleans.Chat.Events;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// A gateway's receiver of its users' live events (private messages, membership changes made on other
/// connections), pushed by each user grain with a one-way call per gateway. One receiver serves all the
/// gateway's users: an event names its user (<see cref="UserEvent.UserId"/>).
/// </summary>
[Alias("chat.IUserObserver")]
public interface IUserObserver : IGrainObserver
{
    [OneWay, Alias("OnUserEvent")] Task OnUserEvent(UserEvent userEvent);

    /// <summary>The user's grain is deactivating and forgets its subscribers: subscribe again now.</summary>
    [OneWay, Alias("OnUserSubscriptionEnded")] Task OnSubscriptionEnded(string userId);
}
