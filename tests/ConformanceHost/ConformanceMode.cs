namespace Orleans.Chat.ConformanceHost;

/// <summary>Which official test suite the host serves.</summary>
public enum ConformanceMode
{
    /// <summary>Bare Engine.IO at /engine.io/, echoing every message.</summary>
    EngineIo,

    /// <summary>Socket.IO at /socket.io/ with the reference handlers of the socket.io-protocol suite.</summary>
    SocketIo,
}
