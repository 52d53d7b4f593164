using Orleans.Chat.Events;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// The gateway's one receiver of its users' live events: the presence partitions hold a reference to this object
/// for every user with a session here, and each event goes on to that user's <see cref="UserTopic"/>. One reference
/// per user instead cost every connected user about 300 bytes of Orleans bookkeeping and a share of each connect.
/// </summary>
internal sealed class UserEventReceiver(Func<string, UserTopic?> findTopic) : IUserObserver
{
    public Task OnUserEvent(UserEvent userEvent)
    {
        // Not awaited: Orleans runs one observer's calls one at a time, and all the users share this one, so a
        // user's slow delivery must not hold up the others'. The topic's gate queues each user's events in
        // arrival order (first come, first served), and a delivery logs its own failures.
        _ = findTopic(userEvent.UserId)?.OnUserEvent(userEvent);
        return Task.CompletedTask;
    }
}
