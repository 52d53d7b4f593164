using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// One user subscription per user with at least one session on this gateway, all through the gateway's
/// one <see cref="UserEventReceiver"/>.
/// </summary>
public sealed class UserFanout
{
    private readonly ConcurrentDictionary<string, UserTopic> _topics = new(StringComparer.Ordinal);
    private readonly IClusterClient _client;
    private readonly string _gatewayId;
    private readonly RoomFanout _rooms;
    private readonly PendingMessagesHandOver _pending;
    private readonly ILogger _logger;
    private readonly UserEventReceiver _receiverObject;
    private readonly Lazy<IUserObserver> _receiver;

    public UserFanout(IClusterClient client, RoomFanout rooms, PendingMessagesHandOver pending, IOptions<GatewayOptions> options, ILoggerFactory loggerFactory)
    {
        _client = client;
        _gatewayId = options.Value.Id;
        _rooms = rooms;
        _pending = pending;
        _logger = loggerFactory.CreateLogger<UserFanout>();
        // Orleans holds an observer object only weakly: this field keeps it alive as long as the gateway.
        _receiverObject = new UserEventReceiver(Find);
        // The reference is made on first use, when the cluster client is up.
        _receiver = new(() => _client.CreateObjectReference<IUserObserver>(_receiverObject));
    }

    /// <summary>Adds the session through its opening call to the user grain (see <see cref="UserTopic.TryAddAsync"/>).</summary>
    public async Task<T> AddAsync<T>(ChatSession session, Func<IUserObserver?, Task<T>> open)
    {
        while (true)
        {
            var topic = _topics.GetOrAdd(session.User.Id, static (id, self) => new UserTopic(id, self._gatewayId, self._client, self._receiver.Value, self._rooms, self._pending, self._logger), this);
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

    /// <summary>The user's subscription on this gateway, if any of their sessions is here.</summary>
    internal UserTopic? Find(string userId) => _topics.TryGetValue(userId, out var topic) ? topic : null;

    /// <summary>Re-asserts every local user's subscription (see <see cref="UserTopic.RenewAsync"/>).</summary>
    public async Task RenewAllAsync()
    {
        foreach (var topic in _topics.Values)
        {
            await topic.RenewAsync();
        }
    }
}
