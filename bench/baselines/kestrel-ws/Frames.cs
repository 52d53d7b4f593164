using System.Buffers;
using System.Text.Json;

namespace Orleans.Chat.Bench.KestrelWs;

/// <summary>Native protocol frames: {"type":name,"data":{...}} and {"type":"ack","id":id,"data":{...}}.</summary>
public static class Frames
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] Event(string name, Action<Utf8JsonWriter> writeData) => Write(w =>
    {
        w.WriteString("type", name);
        w.WriteStartObject("data");
        writeData(w);
        w.WriteEndObject();
    });

    public static byte[] Ack(JsonElement id, Action<Utf8JsonWriter> writeData) => Write(w =>
    {
        w.WriteString("type", "ack");
        w.WritePropertyName("id");
        id.WriteTo(w);
        w.WriteStartObject("data");
        writeData(w);
        w.WriteEndObject();
    });

    public static byte[] Error(string error, string code) => Event("error", w => WriteError(w, error, code));

    public static void WriteError(Utf8JsonWriter writer, string error, string code)
    {
        writer.WriteString("error", error);
        writer.WriteString("code", code);
    }

    private static byte[] Write(Action<Utf8JsonWriter> writeBody)
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
