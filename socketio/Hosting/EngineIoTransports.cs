namespace Orleans.Chat.SocketIo.Hosting;

/// <summary>The Engine.IO transports a server accepts.</summary>
[Flags]
public enum EngineIoTransports
{
    None = 0,
    Polling = 1,
    WebSocket = 2,
}
