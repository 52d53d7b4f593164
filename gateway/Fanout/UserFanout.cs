using System.Collections.Concurrent;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// One <see cref="UserTopic"/> per user with at least one session on this gateway; their live events all come
/// through the gateway's one <see cref="UserEventReceiver"/>.
/// </summary>
public sealed class UserFanout
{
    private readonly ConcurrentDictionary<string, UserTopic> _topics = new(StringComparer.Ordinal);
    private readonly IClusterClient _client;
    private readonly RoomFanout _rooms;
    private readonly PendingMessagesHandOver _pending;
    private readonly ILogger _logger;
    private readonly UserEventReceiver _receiverObject;
    private readonly Lazy<IUserObserver> _receiver;

    public UserFanout(IClusterClient client, RoomFanout rooms, PendingMessagesHandOver pending, ILoggerFactory loggerFactory)
    {
        _client = client;
        _rooms = rooms;
        _pending = pending;
        _logger = loggerFactory.CreateLogger<UserFanout>();
        // Orleans holds an observer object only weakly: this field keeps it alive as long as the gateway.
        _receiverObject = new UserEventReceiver(Find);
        // The reference is made on first use, when the cluster client is up.
        _receiver = new(() => _client.CreateObjectReference<IUserObserver>(_receiverObject));
    }

    /// <summary>The reference the presence partitions push this gateway's users' events to.</summary>
    public IUserObserver Receiver => _receiver.Value;

    /// <summary>Adds the session through its opening call to the user grain (see <see cref="UserTopic.TryAddAsync"/>).</summary>
    public async Task<T> AddAsync<T>(ChatSession session, Func<Task<T>> open)
    {
        while (true)
        {
            var topic = _topics.GetOrAdd(session.User.Id, static (id, self) => new UserTopic(id, self._client, self._rooms, self._pending, self._logger), this);
            if (await topic.TryAddAsync(session, open) is (true, var result))
            {
                return result;
            }

            _topics.TryRemove(new KeyValuePair<string, UserTopic>(topic.UserId, topic));
        }
    }

    public async Task RemoveAsync(ChatSession session)
    {
        if (_topics.TryGetValue(session.User.Id, out var topic))
        {
            await topic.RemoveAsync(session);
            if (topic.Closed)
            {
                _topics.TryRemove(new KeyValuePair<string, UserTopic>(topic.UserId, topic));
            }
        }
    }

    /// <summary>The user's topic on this gateway, if any of their sessions is here.</summary>
    internal UserTopic? Find(string userId) => _topics.TryGetValue(userId, out var topic) ? topic : null;

    /// <summary>Hands the unread private messages again to the local sessions of users whose connections presence had lost.</summary>
    public async Task RepairAsync(IEnumerable<string> userIds)
    {
        foreach (var userId in userIds)
        {
            if (Find(userId) is { } topic)
            {
                await topic.RepairAsync();
            }
        }
    }
}
