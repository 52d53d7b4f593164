using System.Buffers;
using System.Text.Json;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Notifications;

/// <summary>
/// The webhook body, UTF-8 JSON: {type, userId, count, message}. The message uses the client
/// protocol's names for a private message or a room message (a subset: no edit, file or call
/// fields), its content cut to Notifications:MaxContentLength characters.
/// </summary>
public static class NotificationBody
{
    public static byte[] Write(NotificationType type, string userId, int count, ChatMessage? roomMessage, PrivateMessage? privateMessage, int maxContentLength)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type == NotificationType.Mention ? "mention" : "private-message");
            writer.WriteString("userId", userId);
            writer.WriteNumber("count", count);
            writer.WritePropertyName("message");
            if (privateMessage is not null)
            {
                WritePrivate(writer, privateMessage, maxContentLength);
            }
            else if (roomMessage is not null)
            {
                WriteRoom(writer, roomMessage, maxContentLength);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePrivate(Utf8JsonWriter writer, PrivateMessage message, int maxContentLength)
    {
        writer.WriteStartObject();
        writer.WriteString("id", message.Id);
        writer.WriteString("conversationId", message.ConversationId);
        writer.WriteNumber("seq", message.Seq);
        writer.WriteString("fromUserId", message.FromUserId);
        WriteUser(writer, "fromUser", message.FromUser);
        writer.WriteString("toUserId", message.ToUserId);
        writer.WriteString("content", Truncate(message.Content, maxContentLength));
        writer.WriteString("type", message.Type);
        writer.WriteNumber("timestamp", message.Timestamp);
        writer.WriteEndObject();
    }

    private static void WriteRoom(Utf8JsonWriter writer, ChatMessage message, int maxContentLength)
    {
        writer.WriteStartObject();
        writer.WriteString("id", message.Id);
        writer.WriteString("roomId", message.RoomId);
        writer.WriteNumber("seq", message.Seq);
        writer.WriteString("userId", message.UserId);
        WriteUser(writer, "user", message.User);
        writer.WriteString("content", Truncate(message.Content, maxContentLength));
        writer.WriteString("type", message.Type);
        writer.WriteNumber("timestamp", message.Timestamp);
        writer.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter writer, string name, UserRef user)
    {
        writer.WriteStartObject(name);
        writer.WriteString("id", user.Id);
        writer.WriteString("name", user.Name);
        writer.WriteEndObject();
    }

    /// <summary>At most <paramref name="max"/> characters, never half a surrogate pair.</summary>
    internal static string Truncate(string content, int max)
    {
        if (content.Length <= max)
        {
            return content;
        }

        var cut = max > 0 && char.IsHighSurrogate(content[max - 1]) ? max - 1 : max;
        return content[..cut];
    }
}
