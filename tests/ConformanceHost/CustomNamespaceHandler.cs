using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.ConformanceHost;

/// <summary>The socket.io-protocol suite's "/custom" namespace: accepts everyone and echoes the auth payload.</summary>
public sealed class CustomNamespaceHandler : ISocketIoNamespaceHandler
{
    public ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth) =>
        ValueTask.FromResult(ConnectDecision.Accept());

    public ValueTask OnConnectedAsync(SocketIoSocket socket) => MainNamespaceHandler.EmitAuthAsync(socket);

    public ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt) => ValueTask.CompletedTask;

    public ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason) => ValueTask.CompletedTask;
}
