using Microsoft.AspNetCore.Http;
using Orleans.Chat.SocketIo.EngineIo;

namespace Orleans.Chat.ConformanceHost;

/// <summary>The engine.io-protocol suite's server: every message comes back as it came, text as text, binary as binary.</summary>
public sealed class EchoEngineIoHandler : IEngineIoHandler
{
    public ValueTask OnOpenAsync(EngineIoSession session, HttpContext context)
    {
        // Nothing to authenticate: the session is established at once, outside the pending-session caps.
        ArgumentNullException.ThrowIfNull(session);
        session.MarkEstablished();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(EngineIoSession session, EngineIoMessage message)
    {
        ArgumentNullException.ThrowIfNull(session);
        return message.IsBinary ? session.SendBinaryAsync(message.Data) : session.SendTextAsync(message.Data);
    }

    public ValueTask OnCloseAsync(EngineIoSession session, string reason) => ValueTask.CompletedTask;
}
