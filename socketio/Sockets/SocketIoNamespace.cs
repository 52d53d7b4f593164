using System.Collections.Concurrent;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>A namespace clients can join, with the sockets currently connected to it.</summary>
public sealed class SocketIoNamespace
{
    private readonly ConcurrentDictionary<string, SocketIoSocket> _sockets = new(StringComparer.Ordinal);

    internal SocketIoNamespace(string name, ISocketIoNamespaceHandler handler)
    {
        Name = name;
        Handler = handler;
    }

    public string Name { get; }

    public int SocketCount => _sockets.Count;

    public IEnumerable<SocketIoSocket> Sockets => _sockets.Values;

    internal ISocketIoNamespaceHandler Handler { get; }

    public bool TryGetSocket(string socketId, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out SocketIoSocket socket) =>
        _sockets.TryGetValue(socketId, out socket);

    /// <summary>Queues one pre-encoded packet (see <see cref="SocketIoPacketEncoder"/>) for every connected socket.</summary>
    public void SendEncodedToAll(ReadOnlyMemory<byte> engineIoTextPacket)
    {
        foreach (var socket in _sockets.Values)
        {
            socket.TrySendEncoded(engineIoTextPacket);
        }
    }

    internal void Add(SocketIoSocket socket) => _sockets[socket.Id] = socket;

    internal void Remove(SocketIoSocket socket) => _sockets.TryRemove(new KeyValuePair<string, SocketIoSocket>(socket.Id, socket));
}
