using System.Collections.Frozen;
using System.Net.WebSockets;
using System.Reflection;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Metrics;

/// <summary>The error codes of the client protocol (<see cref="ClientErrors"/>); any other counts as "other".</summary>
internal static class ErrorCodes
{
    private static readonly FrozenSet<string> All = typeof(ClientErrors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(ErrorPayload))
        .Select(field => ((ErrorPayload)field.GetValue(null)!).Code)
        .Append(ClientErrors.AuthFailed(string.Empty).Code)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The interned code, so a tag never holds a string of the caller's making.</summary>
    public static string Known(string code) => All.TryGetValue(code, out var known) ? known : "other";
}

/// <summary>The bounded set of disconnect reasons, from each protocol's own notion of why a connection ended.</summary>
internal static class DisconnectReasons
{
    public const string Client = "client";
    public const string Server = "server";
    public const string SlowClient = "slow_client";
    public const string Timeout = "timeout";
    public const string TransportError = "transport_error";
    public const string InvalidInput = "invalid_input";
    public const string Shutdown = "shutdown";
    public const string Error = "error";
    public const string Other = "other";

    /// <summary>The native close status the gateway chose (see NativeWebSocketTransport).</summary>
    public static string Native(WebSocketCloseStatus status, bool slowClient) => slowClient ? SlowClient : status switch
    {
        WebSocketCloseStatus.NormalClosure => Client,
        WebSocketCloseStatus.PolicyViolation => Server,
        WebSocketCloseStatus.MessageTooBig => InvalidInput,
        WebSocketCloseStatus.EndpointUnavailable => TransportError,
        WebSocketCloseStatus.InternalServerError => Error,
        _ => Other,
    };

    /// <summary>A Socket.IO disconnect reason (<see cref="SocketIoDisconnectReason"/>, <see cref="EngineIoCloseReason"/>).</summary>
    public static string SocketIo(string reason) => reason switch
    {
        SocketIoDisconnectReason.ClientNamespaceDisconnect or EngineIoCloseReason.TransportClose => Client,
        SocketIoDisconnectReason.ServerNamespaceDisconnect or EngineIoCloseReason.ForcedServerClose => Server,
        EngineIoCloseReason.SendBufferFull => SlowClient,
        EngineIoCloseReason.PingTimeout => Timeout,
        EngineIoCloseReason.TransportError => TransportError,
        EngineIoCloseReason.ParseError => InvalidInput,
        EngineIoCloseReason.ServerShuttingDown => Shutdown,
        _ => Other,
    };
}
