using System.Text;
using System.Text.Json;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>
/// Decodes the text of a Socket.IO packet:
/// &lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;ack id&gt;][JSON payload].
/// Anything the protocol does not allow is rejected, since the connection must then be closed.
/// </summary>
internal static class SocketIoPacketParser
{
    public const string MainNamespace = "/";

    // Event names the reference implementations reserve for their own use.
    private static readonly HashSet<string> ReservedEventNames = new(StringComparer.Ordinal)
    {
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    };

    public static bool TryParse(ReadOnlySpan<byte> text, int maxAttachments, out SocketIoPacket? packet)
    {
        packet = null;
        if (text.IsEmpty)
        {
            return false;
        }

        var typeValue = text[0] - (byte)'0';
        if (typeValue is < 0 or > (int)SocketIoPacketType.BinaryAck)
        {
            return false;
        }

        var type = (SocketIoPacketType)typeValue;
        var position = 1;
        var attachments = 0;
        if (type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck)
        {
            var dash = text[position..].IndexOf((byte)'-');
            if (dash <= 0 || !TryParseDigits(text.Slice(position, dash), out var count) || count > maxAttachments)
            {
                return false;
            }

            attachments = (int)count;
            position += dash + 1;
        }

        var nsp = MainNamespace;
        if (position < text.Length && text[position] == (byte)'/')
        {
            var comma = text[position..].IndexOf((byte)',');
            var end = comma < 0 ? text.Length : position + comma;
            nsp = Encoding.UTF8.GetString(text[position..end]);
            position = comma < 0 ? end : end + 1;
        }

        long? ackId = null;
        var digits = 0;
        while (position + digits < text.Length && char.IsAsciiDigit((char)text[position + digits]))
        {
            digits++;
        }

        if (digits > 0)
        {
            if (!TryParseDigits(text.Slice(position, digits), out var id))
            {
                return false;
            }

            ackId = id;
            position += digits;
        }

        JsonDocument? payload = null;
        if (position < text.Length && !TryParseJson(text[position..], out payload))
        {
            return false;
        }

        if (!IsPayloadValid(type, payload))
        {
            payload?.Dispose();
            return false;
        }

        packet = new SocketIoPacket(type, nsp, ackId, attachments, payload);
        return true;
    }

    private static bool IsPayloadValid(SocketIoPacketType type, JsonDocument? payload)
    {
        var root = payload?.RootElement;
        return type switch
        {
            SocketIoPacketType.Connect => root is null || root.Value.ValueKind == JsonValueKind.Object,
            SocketIoPacketType.Disconnect => root is null,
            SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent => root is { ValueKind: JsonValueKind.Array } events
                && events.GetArrayLength() > 0
                && events[0] is { ValueKind: JsonValueKind.String } name
                && TryGetString(name, out var eventName)
                && !ReservedEventNames.Contains(eventName),
            SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck => root is { ValueKind: JsonValueKind.Array },
            SocketIoPacketType.ConnectError => root is { ValueKind: JsonValueKind.Object or JsonValueKind.String },
            _ => false,
        };
    }

    /// <summary>False for a string whose escapes make no valid UTF-16 (a lone surrogate "\ud800"): not a usable event name.</summary>
    internal static bool TryGetString(JsonElement element, out string value)
    {
        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }

    private static bool TryParseJson(ReadOnlySpan<byte> json, out JsonDocument? document)
    {
        document = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            // ParseValue copies the bytes, so the document outlives the transport's receive buffer.
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read() || !JsonText.IsWellFormed(json))
            {
                document.Dispose();
                document = null;
                return false;
            }

            return true;
        }
        catch (JsonException)
        {
            document?.Dispose();
            document = null;
            return false;
        }
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 15)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
