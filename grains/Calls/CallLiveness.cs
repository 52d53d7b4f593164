using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Finds a call party whose gateway died: a live gateway's connections count in presence while its one lease
/// holds, so a gateway that holds no connection of the party's user any more crashed (or lost the user) without
/// telling the call. The presence partitions answer from memory: two cheap calls per interval.
/// </summary>
internal static class CallLiveness
{
    /// <summary>The first party whose gateway holds no lease, or null when all do (or could not be asked).</summary>
    public static async Task<CallParty?> FindLostAsync(IGrainFactory grains, string callId, IReadOnlyList<CallParty> parties, ILogger logger)
    {
        var alive = await Task.WhenAll(parties.Select(party => HoldsLeaseAsync(grains, callId, party, logger)));
        var lost = Array.IndexOf(alive, false);
        return lost >= 0 ? parties[lost] : null;
    }

    private static async Task<bool> HoldsLeaseAsync(IGrainFactory grains, string callId, CallParty party, ILogger logger)
    {
        try
        {
            return await grains.PresenceOf(party.User.Id).HoldsLease(party.User.Id, party.GatewayId);
        }
        catch (Exception exception)
        {
            // Unknown is not dead: asked again next interval.
            logger.CallLivenessCheckFailed(callId, party.User.Id, exception);
            return true;
        }
    }
}
