using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>
/// Writes binary values met while serializing packet arguments as placeholders and collects their
/// bytes as attachments, so byte arrays nested anywhere in an argument travel as binary, as in the
/// JavaScript implementation. Outside packet encoding they fall back to base64 strings.
/// </summary>
internal static class BinaryAttachmentConverter
{
    // Serialization is synchronous, so the attachments of the packet being encoded can live on the thread.
    [ThreadStatic]
    private static List<ReadOnlyMemory<byte>>? t_attachments;

    /// <summary>Starts collecting into <paramref name="attachments"/>; dispose the result to stop.</summary>
    public static Collection Collect(List<ReadOnlyMemory<byte>> attachments)
    {
        var previous = t_attachments;
        t_attachments = attachments;
        return new Collection(previous);
    }

    /// <summary>Writes <paramref name="data"/> as a placeholder when collecting, else as base64.</summary>
    public static void WriteBinary(Utf8JsonWriter writer, ReadOnlyMemory<byte> data)
    {
        if (t_attachments is { } attachments)
        {
            BinaryPlaceholder.Write(writer, attachments.Count);
            attachments.Add(data);
        }
        else
        {
            writer.WriteBase64StringValue(data.Span);
        }
    }

    public readonly struct Collection(List<ReadOnlyMemory<byte>>? previous) : IDisposable
    {
        public void Dispose() => t_attachments = previous;
    }

    public sealed class ByteArray : JsonConverter<byte[]>
    {
        public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetBytesFromBase64();

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => WriteBinary(writer, value);
    }

    public sealed class ReadOnlyMemory : JsonConverter<ReadOnlyMemory<byte>>
    {
        public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetBytesFromBase64();

        public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) => WriteBinary(writer, value);
    }

    public sealed class Memory : JsonConverter<Memory<byte>>
    {
        public override Memory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetBytesFromBase64();

        public override void Write(Utf8JsonWriter writer, Memory<byte> value, JsonSerializerOptions options) => WriteBinary(writer, value);
    }
}
