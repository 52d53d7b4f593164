using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>RTCIceServer.urls is a string or an array of strings; both read as a list.</summary>
internal sealed class StringOrArrayConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("urls must be a string or an array of strings");
        }

        var urls = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            urls.Add(reader.GetString() ?? throw new JsonException("urls must hold strings"));
        }

        return urls;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var url in value)
        {
            writer.WriteStringValue(url);
        }

        writer.WriteEndArray();
    }
}
