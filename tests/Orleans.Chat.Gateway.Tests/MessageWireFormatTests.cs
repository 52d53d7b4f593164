using System.Text.Json;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// Grain DTOs carry no JSON attributes: the gateway's converters write messages as clients see them,
/// field for field as before, and never with the sender's dedupe key.
/// </summary>
public sealed class MessageWireFormatTests
{
    private static readonly UserRef Ann = new() { Id = "u1", Name = "Ann é" };

    [Fact]
    public void A_room_message_is_written_without_its_client_message_id()
    {
        var message = new ChatMessage
        {
            Id = "m1", RoomId = "r1", Seq = 3, UserId = "u1", User = Ann, Content = "hi <b>", Type = "text", Timestamp = 5,
            Edited = true, ClientMsgId = "secret-key",
        };

        var json = JsonSerializer.Serialize(message, ChatJsonContext.Default.ChatMessage);

        Assert.Equal(
            """{"id":"m1","roomId":"r1","seq":3,"userId":"u1","user":{"id":"u1","name":"Ann \u00E9"},"content":"hi \u003Cb\u003E","type":"text","timestamp":5,"edited":true,"deleted":false}""",
            json);
    }

    [Fact]
    public void A_private_message_is_written_without_its_client_message_id()
    {
        var message = new PrivateMessage
        {
            Id = "p1", ConversationId = "c1", Seq = 2, FromUserId = "u1", FromUser = Ann, ToUserId = "u2", Content = "yo",
            Timestamp = 7, Deleted = true, ClientMsgId = "secret-key",
        };

        var json = JsonSerializer.Serialize<IReadOnlyList<PrivateMessage>>([message], ChatJsonContext.Default.IReadOnlyListPrivateMessage);

        Assert.Equal(
            """[{"id":"p1","conversationId":"c1","seq":2,"fromUserId":"u1","fromUser":{"id":"u1","name":"Ann \u00E9"},"toUserId":"u2","content":"yo","type":"text","timestamp":7,"edited":false,"deleted":true}]""",
            json);
    }
}
