using Microsoft.Extensions.Logging;

namespace Orleans.Chat.SocketIo.Sockets;

internal static partial class SocketIoLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "Socket.IO connection {SessionId} sent an invalid packet and is closed")]
    public static partial void InvalidPacket(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "Socket.IO connection {SessionId} joined no namespace in time and is closed")]
    public static partial void ConnectTimeout(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "Socket.IO connection {SessionId} was refused namespace {Namespace}: {Message}")]
    public static partial void ConnectRefused(ILogger logger, string sessionId, string @namespace, string message);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Socket.IO handler of namespace {Namespace} failed for socket {SocketId}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string @namespace, string socketId);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "Socket.IO dispatcher of connection {SessionId} failed; the connection is closed")]
    public static partial void DispatcherFailed(ILogger logger, Exception exception, string sessionId);
}
