using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Protocol.SocketIo;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Metrics;

/// <summary>The protocol and transport labels of a connection: constants, so tags allocate nothing.</summary>
internal static class ConnectionTags
{
    public const string Native = "native";
    public const string SocketIo = "socketio";
    public const string WebSocket = "websocket";
    public const string Polling = "polling";

    public static KeyValuePair<string, object?> Protocol(ISessionConnection connection) =>
        new("protocol", connection is NativeWebSocketConnection ? Native : SocketIo);

    /// <summary>A Socket.IO connection's transport now (it may have upgraded from polling since it opened).</summary>
    public static string Transport(ISessionConnection connection) =>
        connection is SocketIoSessionConnection { IsPolling: true } ? Polling : WebSocket;
}
