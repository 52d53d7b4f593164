using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.SocketIo;

namespace Orleans.Chat.Gateway.Protocol.SocketIo;

/// <summary>The Socket.IO side of a session: pre-encoded packets through whatever transport the socket uses.</summary>
internal sealed class SocketIoSessionConnection(SocketIoSocket socket) : ISessionConnection
{
    public IServerEventEncoder Encoder => SocketIoEventEncoder.Instance;

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        socket.SendEncodedAsync(frame, cancellationToken);

    public void Abort(string reason) => _ = socket.DisconnectAsync(closeConnection: true).AsTask();
}
