using System.Text.Json;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>Reads the fields of client event payloads, rejecting wrong types and sizes.</summary>
internal static class PayloadReader
{
    public const int MaxIdLength = 128;

    /// <summary>A room id given as the payload itself ("room") or as { roomId }.</summary>
    public static bool TryGetRoomId(JsonElement data, out string roomId)
    {
        if (data.ValueKind == JsonValueKind.String)
        {
            roomId = data.GetString()!;
            return IsValidId(roomId);
        }

        return TryGetId(data, "roomId", out roomId);
    }

    public static bool TryGetId(JsonElement data, string property, out string id)
    {
        id = string.Empty;
        if (!TryGetString(data, property, out var value) || !IsValidId(value!))
        {
            return false;
        }

        id = value!;
        return true;
    }

    /// <summary>True when the property is a string; false when missing, null or another type.</summary>
    public static bool TryGetString(JsonElement data, string property, out string? value)
    {
        value = null;
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(property, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
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

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return value!.Length <= maxLength;
    }

    /// <summary>Optional non-negative integer: absent or null is fine (value null).</summary>
    public static bool TryGetOptionalLong(JsonElement data, string property, out long? value)
    {
        value = null;
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var number) || number < 0)
        {
            return false;
        }

        value = number;
        return true;
    }

    public static bool TryGetOptionalStringArray(JsonElement data, string property, out List<string> values)
    {
        values = [];
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > 10_000)
        {
            return false;
        }

        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !IsValidId(item.GetString()!))
            {
                return false;
            }

            values.Add(item.GetString()!);
        }

        return true;
    }

    public static bool IsValidId(string value)
    {
        if (value.Length is 0 or > MaxIdLength || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
