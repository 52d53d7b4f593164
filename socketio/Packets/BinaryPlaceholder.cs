using System.Text.Json;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>The {"_placeholder":true,"num":n} object that stands for the n-th attachment of a binary packet.</summary>
public static class BinaryPlaceholder
{
    /// <summary>True when <paramref name="element"/> is a placeholder; <paramref name="index"/> is its attachment number.</summary>
    public static bool TryGetIndex(JsonElement element, out int index)
    {
        index = -1;
        return element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("_placeholder"u8, out var marker)
            && marker.ValueKind == JsonValueKind.True
            && element.TryGetProperty("num"u8, out var number)
            && number.ValueKind == JsonValueKind.Number
            && number.TryGetInt32(out index);
    }

    internal static void Write(Utf8JsonWriter writer, int index)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder"u8, true);
        writer.WriteNumber("num"u8, index);
        writer.WriteEndObject();
    }
}
