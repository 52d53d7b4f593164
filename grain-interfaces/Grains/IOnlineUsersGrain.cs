using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// One partition of the cluster's online-user index (key: 0 to <see cref="OnlineUsers.Partitions"/> - 1).
/// Presence grains add a user when they go online and remove them when they go offline (never on a
/// lease renewal), so a partition is touched twice per session of a user, not per heartbeat.
/// </summary>
[Alias("chat.IOnlineUsersGrain")]
public interface IOnlineUsersGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task Add(UserRef user);

    [Alias("Remove")] Task Remove(string userId);

    /// <summary>Users after <paramref name="afterUserId"/> in ordinal order, at most <paramref name="limit"/>.</summary>
    [Alias("GetPage")] Task<OnlineUsersPage> GetPage(string? afterUserId, int limit);
}

[GenerateSerializer, Immutable, Alias("chat.OnlineUsersPage")]
public sealed record OnlineUsersPage
{
    [Id(0)] public IReadOnlyList<UserRef> Users { get; init; } = [];

    /// <summary>More users of this partition follow the last one.</summary>
    [Id(1)] public bool HasMore { get; init; }
}

public static class OnlineUsers
{
    /// <summary>Fixed: a user's partition must not move while they are online.</summary>
    public const int Partitions = 16;

    /// <summary>FNV-1a over the id's UTF-16 code units: stable across processes (string.GetHashCode is not).</summary>
    public static int PartitionOf(string userId)
    {
        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Partitions);
    }

    public static IOnlineUsersGrain Partition(this IGrainFactory grains, string userId) =>
        grains.Reference<IOnlineUsersGrain>(PartitionOf(userId));
}
