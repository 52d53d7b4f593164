using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>What the user grain holds in memory for presence: the user's status and per-gateway connection counts.</summary>
[GenerateSerializer, Alias("chat.PresenceState")]
internal sealed class PresenceState
{
    [Id(0)] public string Status { get; set; } = PresenceStatus.Offline;

    /// <summary>Unix milliseconds of the last status change (0 before the first).</summary>
    [Id(1)] public long Since { get; set; }

    [Id(2)] public UserRef? User { get; set; }

    /// <summary>Gateway id to that gateway's connections of the user.</summary>
    [Id(3)] public Dictionary<string, GatewayLease> Gateways { get; set; } = [];

    public int Connections => Gateways.Values.Sum(lease => lease.Connections);

    public bool HasConnections => Gateways.Count > 0;
}
