using System.Buffers.Binary;
using System.Net.WebSockets;

namespace Orleans.Chat.SocketIo.WebSockets;

/// <summary>
/// Server-to-client WebSocket frame headers (RFC 6455 section 5.2): FIN set, no extension bits (no
/// per-message compression is negotiated, see <see cref="WebSocketFrameWriter"/>), and never masked.
/// </summary>
internal static class WebSocketFrame
{
    private const byte Fin = 0x80;
    private const byte TextOpcode = 0x1;
    private const byte BinaryOpcode = 0x2;
    private const byte CloseOpcode = 0x8;
    private const byte Length16 = 126;
    private const byte Length64 = 127;

    public static int HeaderLength(int payloadLength) => payloadLength switch
    {
        < Length16 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    };

    /// <summary>Writes the header of one whole text or binary message; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, WebSocketMessageType type, int payloadLength)
    {
        destination[0] = type switch
        {
            WebSocketMessageType.Text => Fin | TextOpcode,
            WebSocketMessageType.Binary => Fin | BinaryOpcode,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only data frames are written here."),
        };

        if (payloadLength < Length16)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = Length16;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }

        destination[1] = Length64;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    /// <summary>Reads a header written by <see cref="WriteHeader"/>; returns its length.</summary>
    public static int ReadHeader(ReadOnlySpan<byte> frame, out WebSocketMessageType type, out int payloadLength)
    {
        type = (frame[0] & 0x0F) == TextOpcode ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        switch (frame[1])
        {
            case Length16:
                payloadLength = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
                return 4;
            case Length64:
                payloadLength = checked((int)BinaryPrimitives.ReadUInt64BigEndian(frame[2..]));
                return 10;
            default:
                payloadLength = frame[1];
                return 2;
        }
    }

    /// <summary>True when <paramref name="frame"/> starts with the header of a close frame.</summary>
    public static bool IsClose(ReadOnlySpan<byte> frame) => !frame.IsEmpty && (frame[0] & 0x0F) == CloseOpcode;
}
