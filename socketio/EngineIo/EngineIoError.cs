namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>The error codes of Engine.IO HTTP responses, with the messages clients and test suites expect.</summary>
internal enum EngineIoError
{
    UnknownTransport = 0,
    UnknownSessionId = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
