using Orleans.Chat.Bench.Protocols;

namespace Orleans.Chat.Bench.Servers;

public enum ServerKind
{
    Gateway,
    SocketIoNode,
    SignalR,
    KestrelWs,
    Cluster,
}

/// <summary>A server to measure and the protocol its clients speak.</summary>
public sealed record TargetDefinition(string Name, ServerKind Server, ClientProtocol Protocol, string Description)
{
    public static readonly TargetDefinition OrleansChat = new("orleans-chat", ServerKind.Gateway, NativeProtocol.Instance,
        "Orleans.Chat gateway + co-hosted silo (single node), native /ws protocol");

    public static readonly TargetDefinition OrleansChatSocketIo = new("orleans-chat-socketio", ServerKind.Gateway, SocketIoProtocol.Instance,
        "Orleans.Chat gateway + co-hosted silo (single node), /socket.io/ websocket transport");

    public static readonly TargetDefinition SocketIoNode = new("socketio-node", ServerKind.SocketIoNode, SocketIoProtocol.Instance,
        "baseline: Node.js + socket.io 4.8, rooms, in memory");

    public static readonly TargetDefinition SignalR = new("signalr", ServerKind.SignalR, SignalRProtocol.Instance,
        "baseline: ASP.NET Core SignalR hub with groups, JSON protocol, in memory");

    public static readonly TargetDefinition SignalRJwt = new("signalr-jwt", ServerKind.SignalR, SignalRProtocol.Instance,
        "baseline: the SignalR hub behind JWT bearer authentication (HS256 tokens as Orleans.Chat's, in ?access_token=), user id from sub")
    {
        Jwt = true,
    };

    public static readonly TargetDefinition SignalRGrains = new("signalr-grains", ServerKind.SignalR, SignalRProtocol.Instance,
        "floor for per-user grains: the JWT SignalR hub co-hosting an Orleans silo; a connect activates the user's grain and calls it, a disconnect calls it again")
    {
        Jwt = true,
        Grains = true,
    };

    public static readonly TargetDefinition KestrelWs = new("kestrel-ws", ServerKind.KestrelWs, NativeProtocol.Instance,
        "floor: bare Kestrel WebSockets, native protocol, in memory, no Orleans");

    public static readonly TargetDefinition OrleansChatCluster = new("orleans-chat-cluster", ServerKind.Cluster, NativeProtocol.Instance,
        "Orleans.Chat cluster: redis-server + 2 silos + 2 gateways (Redis membership and storage), clients alternating over the gateways, all on the server CPUs; native /ws protocol");

    /// <summary>
    /// The gateway of another build (say a worktree of the commit before a change), measured in the same
    /// run as this one: <c>--reference-gateway DIR</c>, where DIR holds its Release Orleans.Chat.Gateway.dll.
    /// </summary>
    public static TargetDefinition ReferenceGateway(string outputDirectory) => new("orleans-chat-ref", ServerKind.Gateway, NativeProtocol.Instance,
        $"the same, built from another tree ({outputDirectory}), native /ws protocol")
    {
        GatewayOutput = Path.GetFullPath(outputDirectory),
    };

    /// <summary>The reference build's Socket.IO endpoint: <c>orleans-chat-socketio-ref</c>, next to <c>orleans-chat-socketio</c>.</summary>
    public static TargetDefinition ReferenceSocketIoGateway(string outputDirectory) => new("orleans-chat-socketio-ref", ServerKind.Gateway, SocketIoProtocol.Instance,
        $"the same, built from another tree ({outputDirectory}), /socket.io/ websocket transport")
    {
        GatewayOutput = Path.GetFullPath(outputDirectory),
    };

    /// <summary>Where a gateway target's build is; null: this repository's Release output.</summary>
    public string? GatewayOutput { get; init; }

    /// <summary>A SignalR target whose clients present signed JWTs that the hub validates.</summary>
    public bool Jwt { get; init; }

    /// <summary>A SignalR target that holds each user's connections in a co-hosted grain.</summary>
    public bool Grains { get; init; }

    /// <summary>Run by default.</summary>
    public static readonly IReadOnlyList<TargetDefinition> Default = [OrleansChat, OrleansChatSocketIo, SocketIoNode, SignalR];

    public static readonly IReadOnlyList<TargetDefinition> All = [.. Default, SignalRJwt, SignalRGrains, KestrelWs, OrleansChatCluster];
}
