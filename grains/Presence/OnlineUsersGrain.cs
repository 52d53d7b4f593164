using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// One partition of the online-user index: the users whose user grain (presence) last said online, by id.
/// In memory like the presence leases it mirrors: always active (an idle collection would empty it)
/// and carried along when Orleans migrates it; a partition lost with a crashed silo lists its users
/// again as they next come online.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class OnlineUsersGrain(ILogger<OnlineUsersGrain> logger) : Grain, IOnlineUsersGrain, IGrainMigrationParticipant
{
    private const string MigrationKey = "online-users";

    // Ids sorted for paging, names beside them.
    private SortedSet<string> _ids = new(StringComparer.Ordinal);
    private Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_ids.Count > 0 && reason.ReasonCode != DeactivationReasonCode.Migrating)
        {
            logger.OnlineIndexLost(this.GetPrimaryKeyLong(), reason.ReasonCode.ToString(), _ids.Count);
        }

        return Task.CompletedTask;
    }

    public Task Add(UserRef user)
    {
        _ids.Add(user.Id);
        _names[user.Id] = user.Name;
        return Task.CompletedTask;
    }

    public Task Remove(string userId)
    {
        _ids.Remove(userId);
        _names.Remove(userId);
        return Task.CompletedTask;
    }

    public Task<OnlineUsersPage> GetPage(string? afterUserId, int limit)
    {
        var page = new List<UserRef>(Math.Min(limit, _ids.Count));
        var hasMore = false;
        foreach (var (id, name) in After(afterUserId))
        {
            if (page.Count == limit)
            {
                hasMore = true;
                break;
            }

            page.Add(new UserRef { Id = id, Name = name });
        }

        return Task.FromResult(new OnlineUsersPage { Users = page, HasMore = hasMore });
    }

    public void OnDehydrate(IDehydrationContext dehydrationContext) => dehydrationContext.TryAddValue(MigrationKey, _names);

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<Dictionary<string, string>>(MigrationKey, out var names) && names is not null)
        {
            _names = new Dictionary<string, string>(names, StringComparer.Ordinal);
            _ids = new SortedSet<string>(names.Keys, StringComparer.Ordinal);
        }
    }

    private IEnumerable<KeyValuePair<string, string>> After(string? afterUserId)
    {
        // A range view of the sorted ids: O(log n) to the cursor, however large the partition.
        IEnumerable<string> ids = afterUserId is null || _ids.Count == 0 || string.CompareOrdinal(afterUserId, _ids.Max) >= 0
            ? afterUserId is null ? _ids : []
            : _ids.GetViewBetween(afterUserId, _ids.Max!).Where(id => !string.Equals(id, afterUserId, StringComparison.Ordinal));
        return ids.Select(id => KeyValuePair.Create(id, _names[id]));
    }
}
