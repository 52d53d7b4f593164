using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>
/// Encodes Socket.IO packets as complete Engine.IO text packets, e.g. 42["name",{...}] for an event
/// on the main namespace or 42/admin,["name",{...}] on "/admin". The public methods let an
/// application encode a broadcast once and hand the same bytes to every recipient's
/// <see cref="SocketIoSocket.SendEncodedAsync"/>.
/// </summary>
public static class SocketIoPacketEncoder
{
    private const byte EngineIoMessage = (byte)'4';

    /// <summary>The EVENT packet for ["<paramref name="eventName"/>", payload] on namespace <paramref name="nsp"/>.</summary>
    public static byte[] EncodeEvent<T>(string nsp, string eventName, T payload, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        writer.WriteStringValue(eventName);
        JsonSerializer.Serialize(writer, payload, typeInfo);
        writer.WriteEndArray();
        return Compose(SocketIoPacketType.Event, nsp, 0, null, scratch.Flush());
    }

    /// <summary>The EVENT packet for ["<paramref name="eventName"/>", payload], with the payload's runtime type described by <paramref name="typeInfo"/>.</summary>
    public static byte[] EncodeEvent(string nsp, string eventName, object? payload, JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        writer.WriteStringValue(eventName);
        JsonSerializer.Serialize(writer, payload, typeInfo);
        writer.WriteEndArray();
        return Compose(SocketIoPacketType.Event, nsp, 0, null, scratch.Flush());
    }

    /// <summary>The EVENT packet for ["<paramref name="eventName"/>", payload] where the payload is already UTF-8 JSON (validated).</summary>
    public static byte[] EncodeEventFromJson(string nsp, string eventName, ReadOnlySpan<byte> utf8JsonPayload)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        writer.WriteStringValue(eventName);
        writer.WriteRawValue(utf8JsonPayload);
        writer.WriteEndArray();
        return Compose(SocketIoPacketType.Event, nsp, 0, null, scratch.Flush());
    }

    /// <summary>Writes the EVENT packet into <paramref name="destination"/>, e.g. a pooled buffer, instead of a new array.</summary>
    public static void WriteEvent<T>(IBufferWriter<byte> destination, string nsp, string eventName, T payload, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var header = destination.GetSpan(HeaderLength(nsp, 0, null));
        destination.Advance(WriteHeader(header, SocketIoPacketType.Event, nsp, 0, null));
        using var writer = new Utf8JsonWriter(destination, SocketIoJson.WriterOptions);
        writer.WriteStartArray();
        writer.WriteStringValue(eventName);
        JsonSerializer.Serialize(writer, payload, typeInfo);
        writer.WriteEndArray();
    }

    /// <summary>CONNECT reply: 40/nsp,{"sid":...[,"pid":...]}.</summary>
    internal static byte[] EncodeConnect(string nsp, string socketId, string? pid)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("sid"u8, socketId);
        if (pid is not null)
        {
            writer.WriteString("pid"u8, pid);
        }

        writer.WriteEndObject();
        return Compose(SocketIoPacketType.Connect, nsp, 0, null, scratch.Flush());
    }

    /// <summary>CONNECT_ERROR: 44/nsp,{"message":...[,"data":...]}.</summary>
    internal static byte[] EncodeConnectError(string nsp, string message, JsonElement? data)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("message"u8, message);
        if (data is { } value)
        {
            writer.WritePropertyName("data"u8);
            WriteElement(writer, value);
        }

        writer.WriteEndObject();
        return Compose(SocketIoPacketType.ConnectError, nsp, 0, null, scratch.Flush());
    }

    /// <summary>DISCONNECT: 41 on the main namespace, 41/nsp, elsewhere.</summary>
    internal static byte[] EncodeDisconnect(string nsp) => Compose(SocketIoPacketType.Disconnect, nsp, 0, null, []);

    /// <summary>
    /// EVENT (with <paramref name="eventName"/>) or ACK (without) from plain objects; binary values
    /// become attachments and turn the packet into BINARY_EVENT or BINARY_ACK.
    /// </summary>
    internal static OutboundMessage EncodeArguments(string nsp, string? eventName, long? ackId, ReadOnlySpan<object?> args)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        using (BinaryAttachmentConverter.Collect(attachments))
        {
            writer.WriteStartArray();
            if (eventName is not null)
            {
                writer.WriteStringValue(eventName);
            }

            foreach (var arg in args)
            {
                WriteArgument(writer, arg);
            }

            writer.WriteEndArray();
        }

        return Message(nsp, eventName is not null, ackId, scratch.Flush(), attachments);
    }

    /// <summary>EVENT or ACK from JSON arguments whose placeholders refer to <paramref name="attachments"/> by index.</summary>
    internal static OutboundMessage EncodeJsonArguments(string nsp, string? eventName, long? ackId, IReadOnlyList<JsonElement> args, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        if (eventName is not null)
        {
            writer.WriteStringValue(eventName);
        }

        foreach (var arg in args)
        {
            WriteElement(writer, arg);
        }

        writer.WriteEndArray();
        return Message(nsp, eventName is not null, ackId, scratch.Flush(), attachments);
    }

    /// <summary>EVENT or ACK with one argument serialized through <paramref name="typeInfo"/>.</summary>
    internal static OutboundMessage EncodeTypedArgument<T>(string nsp, string? eventName, long? ackId, T payload, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        if (eventName is not null)
        {
            writer.WriteStringValue(eventName);
        }

        JsonSerializer.Serialize(writer, payload, typeInfo);
        writer.WriteEndArray();
        return Message(nsp, eventName is not null, ackId, scratch.Flush(), []);
    }

    private static OutboundMessage Message(string nsp, bool isEvent, long? ackId, ReadOnlySpan<byte> json, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var type = (isEvent, attachments.Count > 0) switch
        {
            (true, false) => SocketIoPacketType.Event,
            (true, true) => SocketIoPacketType.BinaryEvent,
            (false, false) => SocketIoPacketType.Ack,
            (false, true) => SocketIoPacketType.BinaryAck,
        };

        var text = Compose(type, nsp, attachments.Count, ackId, json);
        return new OutboundMessage(text, attachments.Count == 0 ? null : [.. attachments]);
    }

    private static void WriteArgument(Utf8JsonWriter writer, object? arg)
    {
        switch (arg)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case JsonElement element:
                WriteElement(writer, element);
                break;
            case JsonDocument document:
                WriteElement(writer, document.RootElement);
                break;
            case byte[] bytes:
                BinaryAttachmentConverter.WriteBinary(writer, bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                BinaryAttachmentConverter.WriteBinary(writer, memory);
                break;
            case Memory<byte> memory:
                BinaryAttachmentConverter.WriteBinary(writer, memory);
                break;
            case ArraySegment<byte> segment:
                BinaryAttachmentConverter.WriteBinary(writer, segment);
                break;
            default:
                JsonSerializer.Serialize(writer, arg, arg.GetType(), SocketIoJson.SerializerOptions);
                break;
        }
    }

    /// <summary>
    /// Copies a parsed element's original bytes: already valid JSON, and a client's text (emoji
    /// included) comes back exactly as it was sent.
    /// </summary>
    private static void WriteElement(Utf8JsonWriter writer, JsonElement element) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);

    /// <summary>Header and JSON in one exactly sized array.</summary>
    private static byte[] Compose(SocketIoPacketType type, string nsp, int attachments, long? ackId, ReadOnlySpan<byte> json)
    {
        var headerLength = HeaderLength(nsp, attachments, ackId);
        var packet = new byte[headerLength + json.Length];
        WriteHeader(packet, type, nsp, attachments, ackId);
        json.CopyTo(packet.AsSpan(headerLength));
        return packet;
    }

    private static int HeaderLength(string nsp, int attachments, long? ackId)
    {
        var length = 2;
        if (attachments > 0)
        {
            length += DigitCount(attachments) + 1;
        }

        if (!IsMainNamespace(nsp))
        {
            length += Encoding.UTF8.GetByteCount(nsp) + 1;
        }

        if (ackId is { } id)
        {
            length += DigitCount(id);
        }

        return length;
    }

    /// <summary>4&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;ack id&gt;]</summary>
    private static int WriteHeader(Span<byte> destination, SocketIoPacketType type, string nsp, int attachments, long? ackId)
    {
        destination[0] = EngineIoMessage;
        destination[1] = (byte)('0' + (int)type);
        var position = 2;
        if (attachments > 0)
        {
            attachments.TryFormat(destination[position..], out var written, provider: CultureInfo.InvariantCulture);
            position += written;
            destination[position++] = (byte)'-';
        }

        if (!IsMainNamespace(nsp))
        {
            position += Encoding.UTF8.GetBytes(nsp, destination[position..]);
            destination[position++] = (byte)',';
        }

        if (ackId is { } id)
        {
            id.TryFormat(destination[position..], out var written, provider: CultureInfo.InvariantCulture);
            position += written;
        }

        return position;
    }

    private static bool IsMainNamespace(string nsp) => string.IsNullOrEmpty(nsp) || nsp == SocketIoPacketParser.MainNamespace;

    private static int DigitCount(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
