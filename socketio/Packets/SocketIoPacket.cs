using System.Text.Json;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>
/// A decoded inbound Socket.IO packet. It owns <see cref="Payload"/> (already checked against the
/// packet type) and, for binary packets, the attachments collected after it.
/// </summary>
internal sealed class SocketIoPacket(SocketIoPacketType type, string @namespace, long? ackId, int attachmentCount, JsonDocument? payload) : IDisposable
{
    public SocketIoPacketType Type { get; } = type;

    public string Namespace { get; } = @namespace;

    public long? AckId { get; } = ackId;

    public int AttachmentCount { get; } = attachmentCount;

    public JsonDocument? Payload { get; } = payload;

    public List<ReadOnlyMemory<byte>> Attachments { get; } = new(attachmentCount);

    /// <summary>Bytes the client sent for this packet: its text and every attachment.</summary>
    public int Size { get; set; }

    public bool IsEvent => Type is SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent;

    public bool IsAck => Type is SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck;

    public void Dispose() => Payload?.Dispose();
}
