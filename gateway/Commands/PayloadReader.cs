using System.Text.Json;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// Reads fields of client payloads in place, rejecting wrong types and sizes: the message events (the hot
/// path, no record per message) and the bare-string forms ("room" for { roomId }). The other events are
/// read as typed records (<see cref="Requests.RequestReader"/>).
/// </summary>
internal static class PayloadReader
{
    public const int MaxIdLength = IdentityText.MaxIdLength;

    /// <summary>A room id given as the payload itself ("room") or as { roomId }, in canonical form (<see cref="IdentityText"/>).</summary>
    public static bool TryGetRoomId(JsonElement data, out string roomId)
    {
        if (data.ValueKind == JsonValueKind.String)
        {
            roomId = string.Empty;
            return TryReadText(data, out var value) && IdentityText.TryNormalizeId(value, out roomId);
        }

        return TryGetId(data, "roomId", out roomId);
    }

    /// <summary>A user or room id property, in canonical form (<see cref="IdentityText"/>).</summary>
    public static bool TryGetId(JsonElement data, string property, out string id)
    {
        id = string.Empty;
        return TryGetString(data, property, out var value) && IdentityText.TryNormalizeId(value, out id);
    }

    /// <summary>True when the property is a string; false when missing, null or another type.</summary>
    public static bool TryGetString(JsonElement data, string property, out string? value)
    {
        value = null;
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(property, out var element) || !TryReadText(element, out var text))
        {
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>Optional string: absent or null is fine (value null); any other non-string type is an error.</summary>
    public static bool TryGetOptionalString(JsonElement data, string property, int maxLength, out string? value)
    {
        value = null;
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (!TryReadText(element, out var text))
        {
            return false;
        }

        value = text;
        return value.Length <= maxLength;
    }

    /// <summary>
    /// The text of a JSON string; false for another kind, or for escapes that make no valid UTF-16 (a
    /// lone surrogate such as "\ud800"), which the JSON reader accepts but cannot turn into a string.
    /// </summary>
    public static bool TryReadText(JsonElement element, out string value)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="value"/> is an id already in canonical form.</summary>
    public static bool IsValidId(string value) => IdentityText.TryNormalizeId(value, out var id) && id == value;
}
