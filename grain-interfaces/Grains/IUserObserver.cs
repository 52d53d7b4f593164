using Orleans.Chat.Events;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// A gateway's receiver of its users' live events (private messages, membership changes made on other
/// connections), pushed by each user grain with a one-way call per gateway that holds connections of the user. One receiver serves all the
/// gateway's users: an event names its user (<see cref="UserEvent.UserId"/>).
/// </summary>
[Alias("chat.IUserObserver")]
public interface IUserObserver : IGrainObserver
{
    [OneWay, Alias("OnUserEvent")] Task OnUserEvent(UserEvent userEvent);
}
