using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// Writes room-event as <c>{ roomId, userId, event, data }</c> with <c>data</c> copied as raw JSON: the
/// sender's gateway parsed and size-checked it, and the event is encoded once per gateway, so no
/// receiver pays for parsing it again.
/// </summary>
internal sealed class AppRoomEventJsonConverter : JsonConverter<AppRoomEventPayload>
{
    private static readonly JsonEncodedText RoomId = JsonEncodedText.Encode("roomId");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");

    /// <summary>Clients send room-event as a request (RoomEventPayload), never in this shape.</summary>
    public override AppRoomEventPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("room-event payloads are written to clients only");

    public override void Write(Utf8JsonWriter writer, AppRoomEventPayload value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(RoomId, value.RoomId);
        writer.WriteString(UserId, value.UserId);
        writer.WriteString(Event, value.Event);
        writer.WritePropertyName(Data);
        // Validated JSON from a gateway: skip the writer's own check, which would parse it once more.
        writer.WriteRawValue(value.DataJson, skipInputValidation: true);
        writer.WriteEndObject();
    }
}
