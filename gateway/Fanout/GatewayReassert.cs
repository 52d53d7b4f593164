using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// Re-asserts what this gateway holds in the cluster: every local user and room subscription (with the gap
/// repair from history) and every local user's presence with its current connection count. Runs after a silo
/// loss (grains there lost it) and when the registry says this gateway's lease had lapsed (silos dropped it):
/// O(local users) once per such event, never per interval.
/// </summary>
public sealed class GatewayReassert(
    IGrainFactory grains,
    RoomFanout rooms,
    UserFanout users,
    SessionRegistry sessions,
    IOptions<GatewayOptions> options)
{
    private const int MaxConcurrentRestores = 64;

    public async Task ReassertAsync(CancellationToken cancellationToken = default)
    {
        await users.RenewAllAsync();
        await rooms.RenewAllAsync();
        var gatewayId = options.Value.Id;
        await Parallel.ForEachAsync(
            sessions.PresentUserIds,
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentRestores, CancellationToken = cancellationToken },
            async (userId, _) =>
            {
                if (sessions.PresenceOf(userId) is { } held)
                {
                    await grains.Reference<IPresenceGrain>(userId).RestoreLease(gatewayId, held.User, held.Connections);
                }
            });
    }
}
