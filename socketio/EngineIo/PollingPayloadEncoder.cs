using System.Buffers;
using System.Buffers.Text;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// Joins queued packets into one polling response body: text packets as they are, binary packets as
/// 'b' + base64, separated by the record separator.
/// </summary>
internal static class PollingPayloadEncoder
{
    /// <summary>Encodes into a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns it.</summary>
    public static byte[] Encode(IReadOnlyList<OutboundMessage> messages, out int length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxLength(messages));
        var written = 0;
        foreach (var message in messages)
        {
            if (!message.TextPacket.IsEmpty)
            {
                written = AppendSeparator(buffer, written);
                message.TextPacket.Span.CopyTo(buffer.AsSpan(written));
                written += message.TextPacket.Length;
            }

            foreach (var binary in message.BinaryPackets ?? [])
            {
                written = AppendSeparator(buffer, written);
                buffer[written++] = (byte)'b';
                Base64.EncodeToUtf8(binary.Span, buffer.AsSpan(written), out _, out var encoded);
                written += encoded;
            }
        }

        length = written;
        return buffer;
    }

    private static int AppendSeparator(byte[] buffer, int written)
    {
        if (written > 0)
        {
            buffer[written++] = EngineIoPacketParser.RecordSeparator;
        }

        return written;
    }

    private static int MaxLength(IReadOnlyList<OutboundMessage> messages)
    {
        var total = 0;
        foreach (var message in messages)
        {
            total += message.TextPacket.Length + 1;
            foreach (var binary in message.BinaryPackets ?? [])
            {
                total += Base64.GetMaxEncodedToUtf8Length(binary.Length) + 2;
            }
        }

        return Math.Max(total, 1);
    }
}
