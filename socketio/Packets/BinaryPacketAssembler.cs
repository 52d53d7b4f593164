using System.Text.Json;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>
/// Collects the binary Engine.IO messages that follow a BINARY_EVENT or BINARY_ACK header until the
/// packet has all its attachments. Text in between, or binary with no header, breaks the protocol.
/// </summary>
internal sealed class BinaryPacketAssembler
{
    private SocketIoPacket? _pending;

    public bool IsWaiting => _pending is not null;

    public void Begin(SocketIoPacket packet) => _pending = packet;

    /// <summary>Adds an attachment (copied); returns the packet once complete, or null while more are expected.</summary>
    public SocketIoPacket? Add(ReadOnlySpan<byte> attachment)
    {
        var packet = _pending ?? throw new InvalidOperationException("No binary packet is waiting for attachments.");
        packet.Attachments.Add(attachment.ToArray());
        packet.Size += attachment.Length;
        if (packet.Attachments.Count < packet.AttachmentCount)
        {
            return null;
        }

        _pending = null;
        return packet;
    }

    public void Reset()
    {
        _pending?.Dispose();
        _pending = null;
    }

    /// <summary>True when every placeholder in the payload points at an attachment that exists.</summary>
    public static bool PlaceholdersAreValid(SocketIoPacket packet) =>
        packet.Payload is null || PlaceholdersAreValid(packet.Payload.RootElement, packet.Attachments.Count);

    private static bool PlaceholdersAreValid(JsonElement element, int attachmentCount)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (BinaryPlaceholder.TryGetIndex(element, out var index))
                {
                    return index >= 0 && index < attachmentCount;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (!PlaceholdersAreValid(property.Value, attachmentCount))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!PlaceholdersAreValid(item, attachmentCount))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
