using Microsoft.Extensions.Logging;

namespace Orleans.Chat.SocketIo.EngineIo;

internal static partial class EngineIoLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} opened over {Transport}")]
    public static partial void SessionOpened(ILogger logger, string sessionId, string transport);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} upgraded to WebSocket")]
    public static partial void SessionUpgraded(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} abandoned a WebSocket upgrade: {Reason}")]
    public static partial void UpgradeAbandoned(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Debug, Message = "Engine.IO {Method} request refused with {Error}")]
    public static partial void RequestRefused(ILogger logger, string method, EngineIoError error);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Engine.IO handshake refused with {StatusCode}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Engine.IO session {SessionId} is disconnected: its client let more than {Limit} messages queue up")]
    public static partial void SendBufferFull(ILogger logger, string sessionId, int limit);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error, Message = "Engine.IO handler failed for session {SessionId}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} transport failed")]
    public static partial void TransportFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Error, Message = "A WebSocket request reached the Engine.IO endpoint but WebSockets are not enabled: call app.UseWebSockets() before mapping the endpoint")]
    public static partial void WebSocketsNotEnabled(ILogger logger);
}
