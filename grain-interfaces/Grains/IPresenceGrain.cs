using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// Presence of one user (key: user id): status, and connection counts per gateway. The counts ride
/// their gateway's one lease (<see cref="IGatewayRegistryGrain"/>): when it lapses (the gateway died),
/// that gateway's connections are dropped and the user goes offline if no other gateway holds one.
/// The user's grain serves it: <c>GetGrain&lt;IPresenceGrain&gt;(id)</c> and <c>GetGrain&lt;IUserGrain&gt;(id)</c>
/// are one activation, so a connecting user activates one grain.
/// </summary>
[Alias("chat.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey, IGatewayDependentGrain
{
    /// <summary>
    /// One more connection of the user on the gateway; the first connection anywhere makes the user online.
    /// A gateway opening a session says it with <see cref="IUserGrain.OpenSession"/> instead.
    /// </summary>
    [Alias("Connect")] Task Connect(string gatewayId, UserRef user);

    /// <summary>One connection fewer; the last one anywhere makes the user offline.</summary>
    [Alias("Disconnect")] Task Disconnect(string gatewayId);

    /// <summary>
    /// The gateway re-asserts its connections of the user (after a silo loss, or after its lease had lapsed):
    /// a lost count is re-created with the gateway's current one; a count still held is kept and counts again.
    /// </summary>
    [Alias("RestoreLease")] Task RestoreLease(string gatewayId, UserRef user, int connections);

    /// <summary>Sets online, away or busy; returns InvalidFormat for anything else.</summary>
    [Alias("SetStatus")] Task<ChatError> SetStatus(string status, CancellationToken cancellationToken = default);

    /// <summary>Whether the gateway holds connections of this user under a live lease (a call asks it to find a party whose gateway died).</summary>
    [AlwaysInterleave, Alias("HoldsLease")] Task<bool> HoldsLease(string gatewayId);

    /// <summary>Interleaves so that room grains may ask while this grain is publishing to them.</summary>
    [AlwaysInterleave, Alias("GetPresence")] Task<PresenceInfo> GetPresence();
}
