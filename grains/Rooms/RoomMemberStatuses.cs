using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// The presence status of each member as the room last heard it. Filled lazily, at the first
/// need, from the members' presence partitions (one call per partition, not per member); kept current by their
/// user grains' PublishPresence calls.
/// </summary>
internal sealed class RoomMemberStatuses(string roomId, IGrainFactory grains, ILogger logger)
{
    private Dictionary<string, string>? _statuses;

    /// <summary>Every member's status, asking their presence partitions in parallel on first use.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> memberIds)
    {
        if (_statuses is null)
        {
            // The partitions never wait on other grains: a user grain busy publishing to this room cannot hold them up.
            var fetched = await Task.WhenAll(memberIds
                .GroupBy(PresencePartitions.PartitionOf)
                .Select(partition => FetchAsync(partition.Key, [.. partition])));
            _statuses = fetched.SelectMany(statuses => statuses).ToDictionary(StringComparer.Ordinal);
        }

        return _statuses;
    }

    /// <summary>Asks a new member's presence (nothing to do before the first fetch, which asks everyone).</summary>
    public async Task RefreshAsync(string userId)
    {
        if (_statuses is not null)
        {
            _statuses[userId] = (await FetchAsync(PresencePartitions.PartitionOf(userId), [userId]))[0].Value;
        }
    }

    /// <summary>Records a status pushed by the member's user grain (nothing to do before the first fetch).</summary>
    public void Set(string userId, string status) => _statuses?[userId] = status;

    public void Remove(string userId) => _statuses?.Remove(userId);

    private async Task<KeyValuePair<string, string>[]> FetchAsync(int partition, string[] userIds)
    {
        try
        {
            var statuses = await grains.Reference<IPresencePartitionGrain>(partition).GetStatuses(userIds);
            return [.. userIds.Select((userId, i) => KeyValuePair.Create(userId, statuses[i]))];
        }
        catch (Exception exception)
        {
            logger.PresenceReadFailed(roomId, userIds[0], userIds.Length - 1, exception);
            return [.. userIds.Select(userId => KeyValuePair.Create(userId, PresenceStatus.Offline))];
        }
    }
}
