using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Fills a room with messages as a setup step; every send must succeed.</summary>
public static class RoomMessages
{
    public static async Task SendAsync(IRoomGrain room, UserRef user, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var result = await room.Send(new SendMessageRequest { Sender = user, Content = $"message {i}", ClientMsgId = Guid.NewGuid().ToString("N") });
            Assert.Equal(ChatError.None, result.Error);
        }
    }
}
