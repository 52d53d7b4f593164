using System.Buffers;
using System.Text.Json;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// The shapes the Admin UI reads (a session as its "SerializedSocket", event arguments), written by hand so the
/// field names are the UI's and nothing secret slips in: tokens and passwords in payloads become [REDACTED].
/// </summary>
internal static class AdminJson
{
    private const int MaxDepth = 16;

    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static JsonElement Text(string value) => Build(w => w.WriteStringValue(value));

    public static JsonElement Number(long value) => Build(w => w.WriteNumberValue(value));

    public static JsonElement Now(TimeProvider time) => Text(time.GetUtcNow().ToString("O"));

    /// <summary>One session as the UI's socket: nsp "/" for Socket.IO, "/ws" for native; rooms = its chat rooms.</summary>
    public static void WriteSocket(Utf8JsonWriter w, ChatSession session, SessionOrigin origin)
    {
        w.WriteStartObject();
        w.WriteString("id", origin.SocketId);
        // The UI groups sockets of one connection by clientId; a prefix is enough and shows less (as the UI's own server does).
        w.WriteString("clientId", origin.ClientId.Length > 12 ? origin.ClientId[..12] : origin.ClientId);
        w.WriteString("transport", origin.Transport);
        w.WriteString("nsp", origin.Namespace);
        w.WriteStartObject("data");
        w.WriteString("userId", session.User.Id);
        w.WriteString("name", session.User.Name);
        w.WriteString("sessionId", session.Id);
        w.WriteEndObject();
        w.WriteStartObject("handshake");
        if (origin.Address is { } address)
        {
            w.WriteString("address", address);
        }

        w.WriteStartObject("headers");
        foreach (var (name, value) in origin.Headers)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteStartObject("query");
        foreach (var (name, value) in origin.Query)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteNumber("issued", origin.Time.ToUnixTimeMilliseconds());
        w.WriteBoolean("secure", origin.Secure);
        w.WriteString("time", origin.Time.ToString("R"));
        w.WriteString("url", origin.Url);
        w.WriteBoolean("xdomain", origin.Headers.ContainsKey("origin"));
        w.WriteEndObject();
        w.WriteStartArray("rooms");
        foreach (var room in session.RoomsSnapshot())
        {
            w.WriteStringValue(room);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Copies <paramref name="value"/>, writing [REDACTED] for properties that hold a credential.</summary>
    public static void WriteRedacted(Utf8JsonWriter w, JsonElement value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            w.WriteStringValue("[…]");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    w.WritePropertyName(property.Name);
                    if (IsSecret(property.Name))
                    {
                        w.WriteStringValue(RequestSecrets.Redacted);
                    }
                    else
                    {
                        WriteRedacted(w, property.Value, depth + 1);
                    }
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteRedacted(w, item, depth + 1);
                }

                w.WriteEndArray();
                break;
            case JsonValueKind.Undefined:
                w.WriteNullValue();
                break;
            default:
                value.WriteTo(w);
                break;
        }
    }

    private static bool IsSecret(string name) =>
        name.Contains("token", StringComparison.OrdinalIgnoreCase) || name.Contains("password", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase) || name.Equals("authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("credential", StringComparison.OrdinalIgnoreCase);
}
