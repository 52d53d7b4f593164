using System.Buffers.Text;
using System.Text.Unicode;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>Decodes Engine.IO v4 packets from WebSocket frames and polling payloads.</summary>
internal static class EngineIoPacketParser
{
    /// <summary>Separates packets in a polling payload (ASCII record separator).</summary>
    public const byte RecordSeparator = 0x1e;

    private const byte BinaryPrefix = (byte)'b';

    /// <summary>Decodes one text packet: a type digit then its data, or 'b' then base64 for binary.</summary>
    public static bool TryParseText(ReadOnlyMemory<byte> utf8, out EngineIoPacket packet)
    {
        packet = default;
        if (utf8.IsEmpty)
        {
            return false;
        }

        var first = utf8.Span[0];
        if (first == BinaryPrefix)
        {
            return TryDecodeBase64(utf8[1..], out packet);
        }

        var type = first - (byte)'0';
        // Text packets are UTF-8 strings; invalid bytes are a malformed payload, not data for the application.
        if (type is < (int)EngineIoPacketType.Open or > (int)EngineIoPacketType.Noop || !Utf8.IsValid(utf8.Span[1..]))
        {
            return false;
        }

        packet = new EngineIoPacket((EngineIoPacketType)type, utf8[1..], IsBinary: false);
        return true;
    }

    /// <summary>
    /// Splits a polling POST body on the record separator and decodes every packet; false when any
    /// of them is malformed, since the protocol then closes the session.
    /// </summary>
    public static bool TryParsePayload(ReadOnlyMemory<byte> body, List<EngineIoPacket> packets)
    {
        var rest = body;
        while (true)
        {
            var end = rest.Span.IndexOf(RecordSeparator);
            var current = end < 0 ? rest : rest[..end];
            if (!TryParseText(current, out var packet))
            {
                return false;
            }

            packets.Add(packet);
            if (end < 0)
            {
                return true;
            }

            rest = rest[(end + 1)..];
        }
    }

    private static bool TryDecodeBase64(ReadOnlyMemory<byte> base64, out EngineIoPacket packet)
    {
        packet = default;
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        var status = Base64.DecodeFromUtf8(base64.Span, decoded, out _, out var written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        packet = EngineIoPacket.Binary(decoded.AsMemory(0, written));
        return true;
    }
}
