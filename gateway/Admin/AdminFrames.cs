using System.Text.Json;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// Reads an outbound chat frame back into the UI's event arguments [name, payload]: a native frame is
/// {"type": name, "data": payload}; a Socket.IO frame is the Engine.IO/Socket.IO text packet 42["name", payload].
/// Binary packets and anything else are skipped.
/// </summary>
internal static class AdminFrames
{
    public static JsonElement? TryReadEvent(ReadOnlySpan<byte> frame)
    {
        try
        {
            if (frame.Length > 0 && frame[0] == (byte)'{')
            {
                using var native = JsonDocument.Parse(frame.ToArray());
                var type = native.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                return type is null ? null : AdminJson.Build(w =>
                {
                    w.WriteStartArray();
                    w.WriteStringValue(type);
                    if (native.RootElement.TryGetProperty("data", out var data))
                    {
                        AdminJson.WriteRedacted(w, data);
                    }
                    w.WriteEndArray();
                });
            }

            // "4" (Engine.IO message) + "2" (Socket.IO EVENT), then an optional "/nsp," and ack id before the array.
            if (frame.Length > 2 && frame[0] == (byte)'4' && frame[1] == (byte)'2' && frame.IndexOf((byte)'[') is var start and > 0)
            {
                using var packet = JsonDocument.Parse(frame[start..].ToArray());
                return packet.RootElement.ValueKind == JsonValueKind.Array ? AdminJson.Build(w => AdminJson.WriteRedacted(w, packet.RootElement)) : null;
            }
        }
        catch (JsonException)
        {
            // Not a frame we can show: skip it rather than fail the send path.
        }

        return null;
    }
}
