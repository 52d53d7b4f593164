using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.ConformanceHost;

/// <summary>
/// The socket.io-protocol suite's main namespace: echoes the auth payload on connect, answers
/// "message" with "message-back" and the same arguments, and acknowledges "message-with-ack" with them.
/// </summary>
public sealed class MainNamespaceHandler : ISocketIoNamespaceHandler
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth) =>
        ValueTask.FromResult(ConnectDecision.Accept());

    public ValueTask OnConnectedAsync(SocketIoSocket socket) => EmitAuthAsync(socket);

    public ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(evt);
        return evt.Name switch
        {
            "message" => socket.EmitAsync("message-back", evt.Arguments, evt.Attachments),
            "message-with-ack" when evt.Ack is { } ack => ack.SendAckAsync(evt.Arguments, evt.Attachments),
            _ => ValueTask.CompletedTask,
        };
    }

    public ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason) => ValueTask.CompletedTask;

    /// <summary>Emits "auth" with the CONNECT payload, {} when there was none, as the reference server does.</summary>
    internal static ValueTask EmitAuthAsync(SocketIoSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket.EmitAsync("auth", socket.Handshake.Auth ?? EmptyObject);
    }
}
