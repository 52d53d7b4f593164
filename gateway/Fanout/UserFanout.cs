using System.Collections.Concurrent;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>One user-stream subscription per user with at least one session on this gateway.</summary>
public sealed class UserFanout(IClusterClient client, RoomFanout rooms, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, UserTopic> _topics = new(StringComparer.Ordinal);
    private readonly IClusterClient _client = client;
    private readonly RoomFanout _rooms = rooms;
    private readonly ILogger _logger = loggerFactory.CreateLogger<UserFanout>();

    public async Task AddAsync(ChatSession session)
    {
        while (true)
        {
            var topic = _topics.GetOrAdd(session.User.Id, static (id, self) => new UserTopic(
                id,
                self._client.GetStreamProvider(ChatStreams.ProviderName).GetStream<UserEvent>(ChatStreams.User(id)),
                self._rooms,
                self._logger), this);

            if (await topic.TryAddAsync(session))
            {
                return;
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
}
