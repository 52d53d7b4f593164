using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>Encodes client -> server frames: <c>{"type":..,"id":..,"data":..}</c> as UTF-8.</summary>
internal static class FrameEncoder
{
    public static byte[] Encode<T>(string type, string id, T data, JsonTypeInfo<T> dataType)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("id", id);
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, data, dataType);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
