using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Cluster-wide counters (key 0). The counters are stored; the gateway registry is kept in
/// memory only, because gateways re-report it with every heartbeat.
/// </summary>
internal sealed class ChatStatsGrain(
    [PersistentState("stats", ChatStorage.Name)] IPersistentState<ChatStatsState> stats,
    TimeProvider time) : Grain, IChatStatsGrain
{
    private readonly Dictionary<string, GatewayHeartbeat> _gateways = [];

    public async Task AddOnlineUsers(int delta)
    {
        // Never below zero, even if offline reports outlive lost online ones (a silo that crashed with its batch).
        var online = (int)Math.Clamp((long)stats.State.OnlineUsers + delta, 0, int.MaxValue);
        if (online != stats.State.OnlineUsers)
        {
            stats.State.OnlineUsers = online;
            await stats.WriteOrDeactivateAsync(GrainContext);
        }
    }

    public async Task RoomCreated()
    {
        stats.State.Rooms++;
        await stats.WriteOrDeactivateAsync(GrainContext);
    }

    public Task ReportGateway(string gatewayId, int connections, TimeSpan ttl)
    {
        _gateways[gatewayId] = new GatewayHeartbeat(Math.Max(0, connections), time.GetUtcNow() + ttl);
        return Task.CompletedTask;
    }

    public Task RemoveGateway(string gatewayId)
    {
        _gateways.Remove(gatewayId);
        return Task.CompletedTask;
    }

    public Task<ClusterStats> GetStats()
    {
        var now = time.GetUtcNow();
        foreach (var expired in _gateways.Where(entry => entry.Value.ExpiresAt <= now).Select(entry => entry.Key).ToList())
        {
            _gateways.Remove(expired);
        }

        return Task.FromResult(new ClusterStats
        {
            OnlineUsers = stats.State.OnlineUsers,
            Rooms = stats.State.Rooms,
            ConnectionsByGateway = _gateways.ToDictionary(entry => entry.Key, entry => entry.Value.Connections),
        });
    }
}
