using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// What runs on top of an Engine.IO endpoint: Socket.IO in production, an echo server in the conformance host.
/// Calls for one session never overlap and arrive in the order the client sent its packets.
/// </summary>
public interface IEngineIoHandler
{
    /// <summary>
    /// A session was opened; <paramref name="context"/> is the opening request, valid only during this call.
    /// The session counts as pending (SocketIoOptions.MaxPendingSessions) until
    /// <see cref="EngineIoSession.MarkEstablished"/> is called, e.g. once the client authenticated.
    /// </summary>
    ValueTask OnOpenAsync(EngineIoSession session, HttpContext context);

    /// <summary>A message packet arrived; its memory may be reused after this call returns.</summary>
    ValueTask OnMessageAsync(EngineIoSession session, EngineIoMessage message);

    /// <summary>The session closed, for one of the <see cref="EngineIoCloseReason"/> reasons.</summary>
    ValueTask OnCloseAsync(EngineIoSession session, string reason);
}
