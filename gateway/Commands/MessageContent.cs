using System.Text.Json;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>Validation of the content field of message and private-message.</summary>
internal static class MessageContent
{
    /// <summary>
    /// Reads a non-blank string of at most <paramref name="maxLength"/> characters. On failure
    /// <paramref name="error"/> is content_too_long, or null for a plain format error.
    /// </summary>
    public static bool TryRead(JsonElement data, int maxLength, out string content, out ErrorPayload? error)
    {
        content = string.Empty;
        error = null;
        if (!PayloadReader.TryGetString(data, "content", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (value.Length > maxLength)
        {
            error = ClientErrors.ContentTooLong;
            return false;
        }

        content = value;
        return true;
    }
}
