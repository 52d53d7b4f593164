using System.Text.Json;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// A parsed native client frame {"type", "id"?, "data"?}. Owns the parsed document; dispose
/// it once the event is handled.
/// </summary>
public sealed class NativeClientFrame : IDisposable
{
    private readonly JsonDocument _document;

    private NativeClientFrame(JsonDocument document, string type, JsonElement? id, JsonElement data)
    {
        _document = document;
        Type = type;
        Id = id;
        Data = data;
    }

    public string Type { get; }

    /// <summary>The request id (a string or a number), echoed unchanged in the ack; null when none.</summary>
    public JsonElement? Id { get; }

    /// <summary>The payload; Undefined when absent.</summary>
    public JsonElement Data { get; }

    /// <summary>
    /// Parses a frame. Returns null when it is not JSON (strings of invalid UTF-8 or with escaped lone
    /// surrogates included: no text can be read from them) or not an object with a string type;
    /// <paramref name="id"/> is still set when the frame is an object with a usable id.
    /// </summary>
    public static NativeClientFrame? TryParse(ReadOnlyMemory<byte> utf8, out JsonElement? id)
    {
        id = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return null;
        }

        // Read before the text check below, so that a malformed frame with a usable id gets an ack.
        var root = document.RootElement;
        id = UsableId(root);
        if (!JsonText.IsWellFormed(utf8.Span))
        {
            document.Dispose();
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var type) || !PayloadReader.TryReadText(type, out var typeName)
            || typeName.Length == 0)
        {
            document.Dispose();
            return null;
        }

        var data = root.TryGetProperty("data", out var payload) ? payload : default;
        return new NativeClientFrame(document, typeName, id, data);
    }

    /// <summary>The id when it is a number or a string of valid text; null otherwise.</summary>
    private static JsonElement? UsableId(JsonElement root)
    {
        try
        {
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id)
                && (id.ValueKind == JsonValueKind.Number || (id.ValueKind == JsonValueKind.String && PayloadReader.TryReadText(id, out _)))
                ? id.Clone()
                : null;
        }
        catch (InvalidOperationException)
        {
            // A property name that is no text (an escaped lone surrogate) fails the lookup itself.
            return null;
        }
    }

    public void Dispose() => _document.Dispose();
}
