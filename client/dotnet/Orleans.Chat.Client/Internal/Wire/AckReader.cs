using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>Reads ack payloads: error acks are <c>{error, code}</c>, success acks <c>{success: true, ...}</c>.</summary>
internal static class AckReader
{
    public static ChatException? TryGetError(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("code", out var code)
            || (data.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.True))
        {
            return null;
        }

        var codeText = code.ValueKind == JsonValueKind.String ? code.GetString()! : code.GetRawText();
        var message = data.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()! : codeText;
        return new ChatException(codeText, message);
    }

    /// <summary>The typed success ack; a payload of another shape throws <see cref="ChatException"/> (<see cref="ChatErrorCodes.InvalidFormat"/>).</summary>
    public static T Read<T>(JsonElement data, JsonTypeInfo<T> type, string eventType)
    {
        try
        {
            if (data.ValueKind == JsonValueKind.Object && data.Deserialize(type) is { } ack)
            {
                return ack;
            }
        }
        catch (JsonException ex)
        {
            throw new ChatException(ChatErrorCodes.InvalidFormat, $"Unreadable ack of {eventType}: {ex.Message}", ex);
        }

        throw new ChatException(ChatErrorCodes.InvalidFormat, $"The ack of {eventType} has no payload");
    }
}
