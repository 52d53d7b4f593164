using System.Text.Json;

namespace Orleans.Chat.Testing.Clients;

/// <summary>
/// Checks on what the chat protocol sends (acks, private messages) and waits that several tests
/// need; import with <c>using static</c>.
/// </summary>
public static class ChatChecks
{
    /// <summary>Fails with the payload unless the ack is a success object (<c>"success": true</c>).</summary>
    public static void AssertSuccess(JsonElement ack, string request)
    {
        var ok = ack.ValueKind == JsonValueKind.Object
            && ack.TryGetProperty("success", out var success)
            && success.ValueKind == JsonValueKind.True;
        Assert.True(ok, $"{request} failed: {ack.GetRawText()}");
    }

    /// <summary>Asserts an error ack: its code, its message when given, and no success field.</summary>
    public static void AssertError(JsonElement ack, string code, string? message = null)
    {
        Assert.Equal(code, ack.GetProperty("code").GetString());
        if (message is not null)
        {
            Assert.Equal(message, ack.GetProperty("error").GetString());
        }

        Assert.False(ack.TryGetProperty("success", out _));
    }

    /// <summary>Matches event data about <paramref name="userId"/> (its userId field).</summary>
    public static Func<JsonElement, bool> IsAbout(string userId) => d => d.GetProperty("userId").GetString() == userId;

    /// <summary>The id of the conversation between two users, as the gateway names it.</summary>
    public static string ConversationId(string a, string b) =>
        string.CompareOrdinal(a, b) <= 0 ? $"dm:{a}:{b}" : $"dm:{b}:{a}";

    /// <summary>Asserts a private-message ack, field by field.</summary>
    public static void AssertPrivateMessageAck(JsonElement ack, string fromUserId, string toUserId, long expectedSeq, bool delivered)
    {
        Assert.Equal(["conversationId", "delivered", "messageId", "seq", "success", "timestamp"], ack.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(ack.GetProperty("success").GetBoolean(), ack.GetRawText());
        Assert.False(string.IsNullOrEmpty(ack.GetProperty("messageId").GetString()));
        Assert.Equal(ConversationId(fromUserId, toUserId), ack.GetProperty("conversationId").GetString());
        Assert.Equal(expectedSeq, ack.GetProperty("seq").GetInt64());
        Assert.True(ack.GetProperty("timestamp").GetInt64() > 0);
        Assert.Equal(delivered, ack.GetProperty("delivered").GetBoolean());
    }

    /// <summary>Asserts a private message: every field, in the wire order.</summary>
    public static void AssertPrivateMessage(
        JsonElement message, string id, string conversationId, long seq, string fromUserId, string fromName, string toUserId, string content, string type = "text")
    {
        Assert.Equal(
            ["id", "conversationId", "seq", "fromUserId", "fromUser", "toUserId", "content", "type", "timestamp", "edited", "deleted"],
            message.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, message.GetProperty("id").GetString());
        Assert.Equal(conversationId, message.GetProperty("conversationId").GetString());
        Assert.Equal(seq, message.GetProperty("seq").GetInt64());
        Assert.Equal(fromUserId, message.GetProperty("fromUserId").GetString());
        Assert.Equal(fromUserId, message.GetProperty("fromUser").GetProperty("id").GetString());
        Assert.Equal(fromName, message.GetProperty("fromUser").GetProperty("name").GetString());
        Assert.Equal(toUserId, message.GetProperty("toUserId").GetString());
        Assert.Equal(content, message.GetProperty("content").GetString());
        Assert.Equal(type, message.GetProperty("type").GetString());
        Assert.False(message.GetProperty("edited").GetBoolean());
        Assert.False(message.GetProperty("deleted").GetBoolean());
    }

    /// <summary>
    /// pending-messages is queued while the connection opens, before any request is read: once
    /// the answer to a first request is here, it would be too.
    /// </summary>
    public static async Task AssertNoPendingMessagesAsync(TestChatClient client)
    {
        await client.RequestOkAsync("ping", null);
        Assert.Empty(client.Received("pending-messages"));
    }

    /// <summary>
    /// Membership made on another connection reaches this one through the user's observer, in the
    /// background: probe with messages until one arrives, so later assertions are meaningful.
    /// </summary>
    public static async Task WaitUntilSubscribedAsync(TestChatClient listener, TestChatClient sender, string room)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var probe = "probe " + Guid.NewGuid().ToString("N");
            await sender.RequestOkAsync("message", new { roomId = room, content = probe });
            try
            {
                await listener.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == probe, TimeSpan.FromMilliseconds(250));
                return;
            }
            catch (TimeoutException)
            {
                // Not subscribed yet.
            }
        }

        Assert.Fail($"{listener.UserId} was never subscribed to {room}");
    }
}
