using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// Answers one client event that asked for an acknowledgement. Only the first answer is sent, as in the
/// reference implementation; it may be sent after the event handler returned.
/// </summary>
public sealed class SocketIoAck
{
    private readonly SocketIoSocket _socket;
    private int _sent;

    internal SocketIoAck(SocketIoSocket socket, long id)
    {
        _socket = socket;
        Id = id;
    }

    /// <summary>The ack id of the client's packet.</summary>
    public long Id { get; }

    public bool IsSent => Volatile.Read(ref _sent) == 1;

    /// <summary>ACK with these arguments; binary values (byte[], ReadOnlyMemory&lt;byte&gt;, ...) make it a BINARY_ACK.</summary>
    public ValueTask SendAckAsync(params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return TryClaim() ? _socket.SendAsync(SocketIoPacketEncoder.EncodeArguments(_socket.Namespace, null, Id, args)) : ValueTask.CompletedTask;
    }

    /// <summary>ACK with JSON arguments whose placeholders refer to <paramref name="attachments"/> by index.</summary>
    public ValueTask SendAckAsync(IReadOnlyList<JsonElement> args, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(attachments);
        return TryClaim() ? _socket.SendAsync(SocketIoPacketEncoder.EncodeJsonArguments(_socket.Namespace, null, Id, args, attachments)) : ValueTask.CompletedTask;
    }

    /// <summary>ACK with one argument serialized through <paramref name="typeInfo"/>.</summary>
    public ValueTask SendAckAsync<T>(T payload, JsonTypeInfo<T> typeInfo) =>
        TryClaim() ? _socket.SendAsync(SocketIoPacketEncoder.EncodeTypedArgument(_socket.Namespace, null, Id, payload, typeInfo)) : ValueTask.CompletedTask;

    private bool TryClaim() => Interlocked.Exchange(ref _sent, 1) == 0;
}
