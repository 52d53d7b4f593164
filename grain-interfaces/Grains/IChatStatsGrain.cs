using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Cluster-wide counters (a single activation, key 0): online users, rooms, and the
/// gateway registry, where each gateway reports its connection count with a heartbeat.
/// </summary>
[Alias("chat.IChatStatsGrain")]
public interface IChatStatsGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a silo's batched change of online users (negative: went offline); the count stays at or above zero.</summary>
    [Alias("AddOnlineUsers")] Task AddOnlineUsers(int delta);

    [Alias("RoomCreated")] Task RoomCreated();

    /// <summary>Gateway heartbeat: its connection count, valid for <paramref name="ttl"/>.</summary>
    [Alias("ReportGateway")] Task ReportGateway(string gatewayId, int connections, TimeSpan ttl);

    [Alias("RemoveGateway")] Task RemoveGateway(string gatewayId);

    [Alias("GetStats")] Task<ClusterStats> GetStats();
}
