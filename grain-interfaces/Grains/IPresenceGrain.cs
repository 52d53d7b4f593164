using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// Presence of one user (key: user id): status, and connection counts per gateway held
/// under leases. A gateway renews the leases of its users; when it stops (crash), its
/// leases expire after the TTL and the user goes offline if no other gateway holds one.
/// </summary>
[Alias("chat.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>One more connection of the user on the gateway; the first connection anywhere makes the user online.</summary>
    [Alias("Connect")] Task Connect(string gatewayId, UserRef user);

    /// <summary>One connection fewer; the last one anywhere makes the user offline.</summary>
    [Alias("Disconnect")] Task Disconnect(string gatewayId);

    /// <summary>
    /// Extends the gateway's lease for this user by the TTL. False when this grain holds no lease
    /// of that gateway (its activation was lost with a silo): the gateway then restores it.
    /// </summary>
    [Alias("RenewLease")] Task<bool> RenewLease(string gatewayId);

    /// <summary>Re-creates a lost lease with the gateway's current connection count for the user.</summary>
    [Alias("RestoreLease")] Task RestoreLease(string gatewayId, UserRef user, int connections);

    /// <summary>Sets online, away or busy; returns InvalidFormat for anything else.</summary>
    [Alias("SetStatus")] Task<ChatError> SetStatus(string status, CancellationToken cancellationToken = default);

    /// <summary>Whether the gateway holds an unexpired lease of this user (a call asks it to find a party whose gateway died).</summary>
    [AlwaysInterleave, Alias("HoldsLease")] Task<bool> HoldsLease(string gatewayId);

    /// <summary>Interleaves so that room grains may ask while this grain is publishing to them.</summary>
    [AlwaysInterleave, Alias("GetPresence")] Task<PresenceInfo> GetPresence();
}
