using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// The data of an app event sent to a user by the server API (its event name is the server event's):
/// JSON the API parsed and size-checked, written as it is, once per gateway, not parsed again.
/// </summary>
[JsonConverter(typeof(RawJsonPayloadJsonConverter))]
public sealed record RawJsonPayload(string Json);

internal sealed class RawJsonPayloadJsonConverter : JsonConverter<RawJsonPayload>
{
    public override RawJsonPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("app event data is written to clients only");

    public override void Write(Utf8JsonWriter writer, RawJsonPayload value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
