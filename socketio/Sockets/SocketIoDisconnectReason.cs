using Orleans.Chat.SocketIo.EngineIo;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>Why a socket left its namespace; the strings match the reference server's.</summary>
public static class SocketIoDisconnectReason
{
    /// <summary>The client sent a DISCONNECT packet for the namespace.</summary>
    public const string ClientNamespaceDisconnect = "client namespace disconnect";

    /// <summary>The application disconnected the socket.</summary>
    public const string ServerNamespaceDisconnect = "server namespace disconnect";

    /// <summary>The client sent a packet the protocol does not allow; the connection was closed.</summary>
    public const string InvalidPacket = EngineIoCloseReason.ParseError;

    public const string TransportClose = EngineIoCloseReason.TransportClose;

    public const string TransportError = EngineIoCloseReason.TransportError;

    public const string PingTimeout = EngineIoCloseReason.PingTimeout;

    public const string ForcedServerClose = EngineIoCloseReason.ForcedServerClose;

    public const string ServerShuttingDown = EngineIoCloseReason.ServerShuttingDown;
}
