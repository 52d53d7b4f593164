using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>The presence grain keeps the online-users index: one call per offline/online transition, none per lease renewal.</summary>
internal sealed partial class PresenceGrain
{
    private async Task IndexAsync(bool online)
    {
        try
        {
            var partition = GrainFactory.Partition(UserId);
            await (online
                ? partition.Add(_state.User ?? new UserRef { Id = UserId, Name = UserId })
                : partition.Remove(UserId));
        }
        catch (Exception exception)
        {
            // Best effort like the stats count: presence itself is right, only the listing lags.
            logger.OnlineIndexFailed(UserId, online ? PresenceStatus.Online : PresenceStatus.Offline, exception);
        }
    }
}
