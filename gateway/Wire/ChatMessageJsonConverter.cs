using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// A room message as clients see it: the grain's <see cref="ChatMessage"/> without what stays on the
/// server (ClientMsgId, the sender's dedupe key). Written straight from the grain's instance, so the
/// fan-out encodes a message once per gateway with no copy; a new client field is added here.
/// </summary>
internal sealed class ChatMessageJsonConverter : JsonConverter<ChatMessage>
{
    private static readonly JsonEncodedText RoomId = JsonEncodedText.Encode("roomId");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("user");

    /// <summary>Clients never send a <see cref="ChatMessage"/>; their messages are read as requests.</summary>
    public override ChatMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("ChatMessage is written to clients only");

    public override void Write(Utf8JsonWriter writer, ChatMessage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(MessageJsonNames.Id, value.Id);
        writer.WriteString(RoomId, value.RoomId);
        writer.WriteNumber(MessageJsonNames.Seq, value.Seq);
        writer.WriteString(UserId, value.UserId);
        writer.WritePropertyName(User);
        JsonSerializer.Serialize(writer, value.User, ChatJsonContext.Default.UserRef);
        writer.WriteString(MessageJsonNames.Content, value.Content);
        writer.WriteString(MessageJsonNames.Type, value.Type);
        writer.WriteNumber(MessageJsonNames.Timestamp, value.Timestamp);
        writer.WriteBoolean(MessageJsonNames.Edited, value.Edited);
        writer.WriteBoolean(MessageJsonNames.Deleted, value.Deleted);
        MessageJsonNames.WriteChange(writer, value.EditedAt, value.ChangeSeq);
        MessageJsonNames.WriteFile(writer, value.File, value.Deleted);
        writer.WriteEndObject();
    }
}
