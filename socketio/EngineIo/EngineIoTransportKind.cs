namespace Orleans.Chat.SocketIo.EngineIo;

internal enum EngineIoTransportKind
{
    Polling,
    WebSocket,
}
