namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>Why a session closed; the strings are those of the reference server so clients and logs read the same.</summary>
public static class EngineIoCloseReason
{
    /// <summary>The client closed the connection or sent a close packet.</summary>
    public const string TransportClose = "transport close";

    /// <summary>The transport failed or the client broke the transport's rules (e.g. overlapping polls).</summary>
    public const string TransportError = "transport error";

    /// <summary>The client sent a packet that could not be decoded.</summary>
    public const string ParseError = "parse error";

    /// <summary>No pong arrived in time.</summary>
    public const string PingTimeout = "ping timeout";

    /// <summary>The server closed the session.</summary>
    public const string ForcedServerClose = "forced server close";

    /// <summary>The server is stopping.</summary>
    public const string ServerShuttingDown = "server shutting down";

    /// <summary>The client could not keep up with the messages queued for it.</summary>
    public const string SendBufferFull = "send buffer full";
}
