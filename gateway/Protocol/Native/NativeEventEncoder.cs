using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// Frames of the native protocol: {"type":..., "data":...} for events and
/// {"type":"ack","id":..., "data":...} for acks.
/// </summary>
public sealed class NativeEventEncoder : IServerEventEncoder
{
    public static readonly NativeEventEncoder Instance = new();

    private static readonly JsonEncodedText TypeProperty = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText IdProperty = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText DataProperty = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText AckType = JsonEncodedText.Encode("ack");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public int Slot => 0;

    public byte[] Encode(OutboundEvent evt) => EncodeEvent(evt.Name, evt.Payload, evt.PayloadType);

    public byte[] EncodeEvent(string name, object payload, JsonTypeInfo payloadType) =>
        Encode(writer =>
        {
            writer.WriteString(TypeProperty, name);
            writer.WritePropertyName(DataProperty);
            JsonSerializer.Serialize(writer, payload, payloadType);
        });

    public byte[] EncodeAck(JsonElement id, object payload, JsonTypeInfo payloadType) =>
        Encode(writer =>
        {
            writer.WriteString(TypeProperty, AckType);
            writer.WritePropertyName(IdProperty);
            id.WriteTo(writer);
            writer.WritePropertyName(DataProperty);
            JsonSerializer.Serialize(writer, payload, payloadType);
        });

    private static byte[] Encode(Action<Utf8JsonWriter> writeBody)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeBody(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
