using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.SocketIo.WebSockets;

/// <summary>
/// What a keep-alive shared by many connections needs of one server WebSocket accepted over a
/// <see cref="SharedWebSocketStream"/> (see <see cref="Hosting.WebSocketFrameBatchingExtensions"/>): a count that
/// changes when the peer has sent anything (data, a pong, a close) and a way to send it a ping. The runtime's own
/// keep-alive with a timeout runs a timer per socket firing every quarter of the shorter setting.
/// </summary>
public readonly struct WebSocketLiveness
{
    // FIN + ping opcode, no payload; a server's frames are never masked.
    private static readonly ReadOnlyMemory<byte> EmptyPing = new byte[] { 0x89, 0x00 };

    private readonly SharedWebSocketStream _stream;

    private WebSocketLiveness(SharedWebSocketStream stream) => _stream = stream;

    /// <summary>True when a WebSocket accepted on <paramref name="context"/> will have a <see cref="WebSocketLiveness"/>.</summary>
    public static bool IsAvailable(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<SharedStreamUpgradeFeature>() is not null;
    }

    /// <summary>The liveness of the WebSocket accepted on <paramref name="context"/>, or null (HTTP/2, no batching).</summary>
    public static WebSocketLiveness? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<SharedStreamUpgradeFeature>()?.Stream is { } stream ? new WebSocketLiveness(stream) : null;
    }

    /// <summary>Changes whenever the peer has sent something since the last look.</summary>
    public long ReceiveCount => _stream.ReadCount;

    /// <summary>Sends a ping frame, between whole frames of the connection's writers; the peer must answer with a pong.</summary>
    public ValueTask SendPingAsync(CancellationToken cancellationToken) => _stream.WriteFramesAsync(EmptyPing, cancellationToken);
}
