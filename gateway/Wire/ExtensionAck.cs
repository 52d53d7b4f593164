using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// The success ack of an app's event handler: <c>success: true</c> followed by the properties of the
/// handler's payload object (none when it had no payload). A <c>success</c> property of its own is
/// left out, so the ack always says <c>true</c> exactly once.
/// </summary>
[JsonConverter(typeof(ExtensionAckJsonConverter))]
public sealed record ExtensionAck(JsonElement? Fields);

internal sealed class ExtensionAckJsonConverter : JsonConverter<ExtensionAck>
{
    private static readonly JsonEncodedText Success = JsonEncodedText.Encode("success");

    public override ExtensionAck Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Extension acks are written to clients only");

    public override void Write(Utf8JsonWriter writer, ExtensionAck value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteBoolean(Success, true);
        if (value.Fields is { ValueKind: JsonValueKind.Object } fields)
        {
            foreach (var property in fields.EnumerateObject())
            {
                if (!property.NameEquals("success"))
                {
                    property.WriteTo(writer);
                }
            }
        }

        writer.WriteEndObject();
    }
}
