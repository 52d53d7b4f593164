using System.Text.Json.Serialization;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

/// <summary>GET /api/ice-servers: the STUN/TURN servers for an RTCPeerConnection.</summary>
public sealed record IceServersResponse
{
    /// <summary>The servers, in the shape RTCPeerConnection takes.</summary>
    public IReadOnlyList<IceServer> IceServers { get; init; } = [];

    /// <summary>Seconds the TURN credentials stay valid.</summary>
    public long Ttl { get; init; }
}

/// <summary>One STUN or TURN server.</summary>
public sealed record IceServer
{
    /// <summary>The server's urls (<c>stun:host:port</c>, <c>turn:host:port?transport=udp</c>).</summary>
    [JsonConverter(typeof(StringOrArrayConverter))]
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>TURN only: <c>&lt;unix expiry&gt;:&lt;userId&gt;</c>.</summary>
    public string? Username { get; init; }

    /// <summary>TURN only: the time-limited password.</summary>
    public string? Credential { get; init; }
}
