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
    private static readonly JsonEncodedText ConversationId = JsonEncodedText.Encode("conversationId");
    private static readonly JsonEncodedText FromUserId = JsonEncodedText.Encode("fromUserId");
    private static readonly JsonEncodedText FromUser = JsonEncodedText.Encode("fromUser");
    private static readonly JsonEncodedText ToUserId = JsonEncodedText.Encode("toUserId");

    /// <summary>Clients never send a <see cref="PrivateMessage"/>; their messages are read as requests.</summary>
    public override PrivateMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("PrivateMessage is written to clients only");

    public override void Write(Utf8JsonWriter writer, PrivateMessage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(MessageJsonNames.Id, value.Id);
        writer.WriteString(ConversationId, value.ConversationId);
        writer.WriteNumber(MessageJsonNames.Seq, value.Seq);
        writer.WriteString(FromUserId, value.FromUserId);
        writer.WritePropertyName(FromUser);
        JsonSerializer.Serialize(writer, value.FromUser, ChatJsonContext.Default.UserRef);
        writer.WriteString(ToUserId, value.ToUserId);
        writer.WriteString(MessageJsonNames.Content, value.Content);
        writer.WriteString(MessageJsonNames.Type, value.Type);
        writer.WriteNumber(MessageJsonNames.Timestamp, value.Timestamp);
        writer.WriteBoolean(MessageJsonNames.Edited, value.Edited);
        writer.WriteBoolean(MessageJsonNames.Deleted, value.Deleted);
        MessageJsonNames.WriteChange(writer, value.EditedAt, value.ChangeSeq);
        MessageJsonNames.WriteFile(writer, value.File, value.Deleted);
        CallRecordJson.Write(writer, value.Call);
        writer.WriteEndObject();
    }
}
