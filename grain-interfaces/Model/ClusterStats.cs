namespace Orleans.Chat.Model;

/// <summary>Cluster-wide counters for GET /api/stats and the dashboard of a gateway.</summary>
[GenerateSerializer, Immutable, Alias("chat.ClusterStats")]
public sealed record ClusterStats
{
    [Id(0)] public int OnlineUsers { get; init; }
    [Id(1)] public int Rooms { get; init; }

    /// <summary>Live connections per gateway id, from gateways whose heartbeat has not expired.</summary>
    [Id(2)] public IReadOnlyDictionary<string, int> ConnectionsByGateway { get; init; } = new Dictionary<string, int>();
}
