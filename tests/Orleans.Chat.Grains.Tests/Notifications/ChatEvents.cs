using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>ChatEvents shaped as the grains publish them after a stored message.</summary>
internal static class ChatEvents
{
    public static ChatEvent Private(UserRef from, string toUserId, string content, long seq = 1)
    {
        var conversationId = ConversationIds.For(from.Id, toUserId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new ChatEvent
        {
            Kind = ChatEventKind.PrivateMessage,
            Scope = ChatEventScope.Conversation,
            ScopeId = conversationId,
            Seq = seq,
            Timestamp = now,
            PrivateMessage = new PrivateMessage
            {
                Id = Guid.NewGuid().ToString("N"),
                ConversationId = conversationId,
                Seq = seq,
                FromUserId = from.Id,
                FromUser = from,
                ToUserId = toUserId,
                Content = content,
                Timestamp = now,
            },
        };
    }

    public static ChatEvent Room(string roomId, UserRef sender, string content, long seq = 1)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new ChatEvent
        {
            Kind = ChatEventKind.RoomMessage,
            Scope = ChatEventScope.Room,
            ScopeId = roomId,
            Seq = seq,
            Timestamp = now,
            RoomMessage = new ChatMessage
            {
                Id = Guid.NewGuid().ToString("N"),
                RoomId = roomId,
                Seq = seq,
                UserId = sender.Id,
                User = sender,
                Content = content,
                Type = "text",
                Timestamp = now,
            },
        };
    }
}
