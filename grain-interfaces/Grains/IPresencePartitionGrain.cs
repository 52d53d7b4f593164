using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// One partition of the cluster's presence (key: 0 to <see cref="PresencePartitions.Count"/> - 1): for each
/// online user of the partition, the status and the connections per gateway, and for each gateway the one
/// receiver its users' live events go to. A user is online while a gateway whose lease holds has a connection.
/// </summary>
/// <remarks>
/// Presence lives here rather than in each user's grain so that an idle connected user holds no activation:
/// a partition entry is a few dozen bytes, an activation kilobytes. Everything is in memory; the counts ride
/// their gateway's one lease (<see cref="IGatewayRegistryGrain"/>), and a partition lost with a silo is
/// restored by the gateways' re-assert (<see cref="Restore"/>). The partition never awaits another grain:
/// what its changes mean for a user's rooms it tells the user grain one way (<see cref="IUserGrain.OnPresenceChanged"/>).
/// </remarks>
[Alias("chat.IPresencePartitionGrain")]
public interface IPresencePartitionGrain : IGrainWithIntegerKey, IGatewayDependentGrain
{
    /// <summary>
    /// One more connection of the user on the gateway, whose receiver takes the user's live events. The first
    /// connection anywhere makes the user online (the change's <see cref="PresenceChange.Update"/>, which the
    /// caller, the user grain, publishes to the user's rooms).
    /// </summary>
    [Alias("Connect")] Task<PresenceChange> Connect(string gatewayId, IUserObserver receiver, UserRef user);

    /// <summary>One connection fewer; the last one anywhere makes the user offline (told to the user grain).</summary>
    [Alias("Disconnect")] Task Disconnect(string gatewayId, string userId);

    /// <summary>
    /// The gateway re-asserts its connections (after a silo loss, or after its lease had lapsed): a lost count is
    /// re-created with the gateway's current one, a count still held counts again from now. Returns the users whose
    /// count here had been lost: their live events could not reach the gateway meanwhile.
    /// </summary>
    [Alias("Restore")] Task<IReadOnlyList<string>> Restore(string gatewayId, IUserObserver receiver, IReadOnlyList<HeldPresence> users);

    /// <summary>
    /// Sets online, away or busy for a connected user. Returns the change to publish, or null when the user is
    /// offline (a late update racing the last disconnect must not make them look present) or already had it.
    /// </summary>
    [Alias("SetStatus")] Task<PresenceChange?> SetStatus(string userId, string status);

    [Alias("GetPresence")] Task<PresenceInfo> GetPresence(string userId);

    /// <summary>The statuses of the given users of this partition (offline for those not online).</summary>
    [Alias("GetStatuses")] Task<IReadOnlyList<string>> GetStatuses(IReadOnlyList<string> userIds);

    /// <summary>Whether the gateway holds connections of the user under a live lease (a call asks it to find a party whose gateway died).</summary>
    [Alias("HoldsLease")] Task<bool> HoldsLease(string userId, string gatewayId);

    /// <summary>The receivers of the user's live events now, with the version of the user's presence they belong to.</summary>
    [Alias("GetReceivers")] Task<PresenceChange> GetReceivers(string userId);

    /// <summary>Online users after <paramref name="afterUserId"/> in ordinal order, at most <paramref name="limit"/>.</summary>
    [Alias("GetPage")] Task<OnlineUsersPage> GetPage(string? afterUserId, int limit);
}

[GenerateSerializer, Immutable, Alias("chat.OnlineUsersPage")]
public sealed record OnlineUsersPage
{
    [Id(0)] public IReadOnlyList<UserRef> Users { get; init; } = [];

    /// <summary>More users of this partition follow the last one.</summary>
    [Id(1)] public bool HasMore { get; init; }
}

public static class PresencePartitions
{
    /// <summary>Fixed: a user's partition must not move while they are online.</summary>
    public const int Count = 16;

    /// <summary>FNV-1a over the id's UTF-16 code units: stable across processes (string.GetHashCode is not).</summary>
    public static int PartitionOf(string userId)
    {
        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }

    /// <summary>The partition holding the user's presence.</summary>
    public static IPresencePartitionGrain PresenceOf(this IGrainFactory grains, string userId) =>
        grains.Reference<IPresencePartitionGrain>(PartitionOf(userId));
}
