using System.Net.WebSockets;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>The native protocol's side of a session: text frames on a plain WebSocket.</summary>
internal sealed class NativeWebSocketConnection(WebSocket socket) : ISessionConnection
{
    public IServerEventEncoder Encoder => NativeEventEncoder.Instance;

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public void Abort(string reason) => socket.Abort();
}
