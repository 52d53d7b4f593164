using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// Re-asserts what this gateway holds in the cluster: every local room subscription (with the gap repair from
/// history), and every local user's connections, one call per presence partition with the users it holds there.
/// Users whose connections a partition had lost get their unread private messages again. Runs after a silo loss
/// (grains there lost it) and when the registry says this gateway's lease had lapsed (silos dropped it):
/// O(local users) once per such event, never per interval.
/// </summary>
public sealed class GatewayReassert(
    IGrainFactory grains,
    RoomFanout rooms,
    UserFanout users,
    SessionRegistry sessions,
    IOptions<GatewayOptions> options)
{
    public async Task ReassertAsync(CancellationToken cancellationToken = default)
    {
        await rooms.RenewAllAsync();
        var gatewayId = options.Value.Id;
        var held = new List<HeldPresence>[PresencePartitions.Count];
        foreach (var userId in sessions.PresentUserIds)
        {
            if (sessions.PresenceOf(userId) is { } presence)
            {
                (held[PresencePartitions.PartitionOf(userId)] ??= []).Add(new HeldPresence { User = presence.User, Connections = presence.Connections });
            }
        }

        await Task.WhenAll(held.Select(async (usersThere, partition) =>
        {
            if (usersThere is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lost = await grains.Reference<IPresencePartitionGrain>(partition).Restore(gatewayId, users.Receiver, usersThere);
                await users.RepairAsync(lost);
            }
        }));
    }
}
