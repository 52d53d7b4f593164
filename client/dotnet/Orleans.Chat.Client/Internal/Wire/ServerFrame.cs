using System.Text.Json;

namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>One server -> client frame: <c>{type, id?, data}</c>.</summary>
internal sealed record ServerFrame(string? Type, JsonElement? Id, JsonElement Data)
{
    /// <summary>The request id of an ack as text; the server echoes it unchanged (a string or a number).</summary>
    public string? IdText => Id switch
    {
        { ValueKind: JsonValueKind.String } id => id.GetString(),
        { ValueKind: JsonValueKind.Number } id => id.GetRawText(),
        _ => null,
    };

    public static ServerFrame? TryParse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, ClientJsonContext.Default.ServerFrame);
        }
        catch (JsonException)
        {
            return null; // not a frame of this protocol: nothing to act on
        }
    }
}
