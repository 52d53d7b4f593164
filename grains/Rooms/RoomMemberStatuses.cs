using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// The presence status of each member as the room last heard it. Filled lazily, at the first
/// need, from the members' presence (IPresenceGrain, served by their user grains); kept current by their PublishPresence calls.
/// </summary>
internal sealed class RoomMemberStatuses(string roomId, IGrainFactory grains, ILogger logger)
{
    private Dictionary<string, string>? _statuses;

    /// <summary>Every member's status, asking every member's presence in parallel on first use.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> memberIds)
    {
        if (_statuses is null)
        {
            // GetPresence is [AlwaysInterleave]: a user grain busy publishing its presence to this room still answers.
            var fetched = await Task.WhenAll(memberIds.Select(async userId => (userId, status: await FetchAsync(userId))));
            _statuses = fetched.ToDictionary(entry => entry.userId, entry => entry.status);
        }

        return _statuses;
    }

    /// <summary>Asks a new member's presence (nothing to do before the first fetch, which asks everyone).</summary>
    public async Task RefreshAsync(string userId)
    {
        if (_statuses is not null)
        {
            _statuses[userId] = await FetchAsync(userId);
        }
    }

    /// <summary>Records a status pushed by the member's user grain (nothing to do before the first fetch).</summary>
    public void Set(string userId, string status) => _statuses?[userId] = status;

    public void Remove(string userId) => _statuses?.Remove(userId);

    private async Task<string> FetchAsync(string userId)
    {
        try
        {
            return (await grains.Reference<IPresenceGrain>(userId).GetPresence()).Status;
        }
        catch (Exception exception)
        {
            logger.PresenceReadFailed(roomId, userId, exception);
            return PresenceStatus.Offline;
        }
    }
}
