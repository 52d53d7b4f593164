using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>Encodes client -> server frames: <c>{"type":..,"id":..,"data":..}</c> as UTF-8.</summary>
internal static class FrameEncoder
{
    // The default encoder escapes '+' (base64's) as \u002B, which makes an upload-chunk frame over 8 % longer and
    // pushes a full chunk past the server's chunk frame cap. A chunk frame holds only an id, a number and base64,
    // so it is written with only what JSON requires escaped; other frames (app text) keep the default.
    private static readonly JsonWriterOptions ChunkWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Encode<T>(string type, string id, T data, JsonTypeInfo<T> dataType)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, type == EventNames.UploadChunk ? ChunkWriterOptions : default))
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
