using System.Text.Json;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// The application behind one namespace. For a given connection the calls are made one at a time, in
/// the order of the client's packets: a slow handler delays that client's later packets (not other
/// clients'), so long work belongs in the background.
/// </summary>
public interface ISocketIoNamespaceHandler
{
    /// <summary>
    /// A client asks to join the namespace. <paramref name="auth"/> is the CONNECT payload (recovering
    /// clients add "pid" and "offset", also on <see cref="SocketIoSocket.Handshake"/>); the handshake also
    /// holds the opening request's query, headers and address, valid for the life of the connection.
    /// The socket cannot send yet: emit from <see cref="OnConnectedAsync"/>. <paramref name="auth"/> is valid until the
    /// returned task completes; <see cref="SocketIoHandshake.Auth"/> stays readable for the life of the socket.
    /// </summary>
    ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth);

    /// <summary>
    /// The connection closed after <see cref="OnConnectAsync"/> accepted the socket but before it joined: neither
    /// <see cref="OnConnectedAsync"/> nor <see cref="OnDisconnectAsync"/> follows. Release here what the accept took.
    /// </summary>
    ValueTask OnConnectAbandonedAsync(SocketIoSocket socket) => ValueTask.CompletedTask;

    /// <summary>The CONNECT reply was queued; the socket can emit.</summary>
    ValueTask OnConnectedAsync(SocketIoSocket socket) => ValueTask.CompletedTask;

    /// <summary>
    /// An EVENT or BINARY_EVENT arrived. The event's JSON is valid until the returned task completes;
    /// clone what must be kept. Its <see cref="SocketIoEvent.Ack"/> stays usable afterwards.
    /// </summary>
    ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt);

    /// <summary>The socket left the namespace, for one of the <see cref="SocketIoDisconnectReason"/> reasons.</summary>
    ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason);
}
