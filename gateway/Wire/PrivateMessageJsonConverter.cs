using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// A private message as clients see it: the grain's <see cref="PrivateMessage"/> without what stays
/// on the server (ClientMsgId, the sender's dedupe key), written straight from the grain's instance.
/// </summary>
internal sealed class PrivateMessageJsonConverter : JsonConverter<PrivateMessage>
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ConversationId = JsonEncodedText.Encode("conversationId");
    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText FromUserId = JsonEncodedText.Encode("fromUserId");
    private static readonly JsonEncodedText FromUser = JsonEncodedText.Encode("fromUser");
    private static readonly JsonEncodedText ToUserId = JsonEncodedText.Encode("toUserId");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText MessageType = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Edited = JsonEncodedText.Encode("edited");
    private static readonly JsonEncodedText Deleted = JsonEncodedText.Encode("deleted");

    /// <summary>Clients never send a <see cref="PrivateMessage"/>; their messages are read as requests.</summary>
    public override PrivateMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("PrivateMessage is written to clients only");

    public override void Write(Utf8JsonWriter writer, PrivateMessage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, value.Id);
        writer.WriteString(ConversationId, value.ConversationId);
        writer.WriteNumber(Seq, value.Seq);
        writer.WriteString(FromUserId, value.FromUserId);
        writer.WritePropertyName(FromUser);
        JsonSerializer.Serialize(writer, value.FromUser, ChatJsonContext.Default.UserRef);
        writer.WriteString(ToUserId, value.ToUserId);
        writer.WriteString(Content, value.Content);
        writer.WriteString(MessageType, value.Type);
        writer.WriteNumber(Timestamp, value.Timestamp);
        writer.WriteBoolean(Edited, value.Edited);
        writer.WriteBoolean(Deleted, value.Deleted);
        writer.WriteEndObject();
    }
}
