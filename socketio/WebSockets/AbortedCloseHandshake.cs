using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.SocketIo.WebSockets;

/// <summary>
/// Completes, as far as the server can, a close handshake the WebSocket abandoned: when it failed the
/// connection itself after sending its close frame (1007 on invalid UTF-8), the peer's answer is read and
/// dropped before the request ends, so the peer gets the close frame instead of a reset.
/// </summary>
public static class AbortedCloseHandshake
{
    public static Task DrainAsync(HttpContext context, WebSocket socket, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(socket);
        return socket.State == WebSocketState.Aborted && context.Features.Get<SharedStreamUpgradeFeature>()?.Stream is { } stream
            ? stream.DrainAfterCloseAsync(timeout)
            : Task.CompletedTask;
    }
}
