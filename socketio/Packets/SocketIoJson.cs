using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>JSON settings of the Socket.IO layer.</summary>
internal static class SocketIoJson
{
    /// <summary>
    /// Packets go to JavaScript, never into HTML, so only what JSON itself requires is escaped and
    /// non-ASCII text stays compact UTF-8.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>For arguments given as plain objects: web (camelCase) naming, binary values as attachments.</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new BinaryAttachmentConverter.ByteArray(), new BinaryAttachmentConverter.ReadOnlyMemory(), new BinaryAttachmentConverter.Memory() },
    };
}
