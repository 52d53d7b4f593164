using System.Text.Json;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>Reads a room's whole retained history with get-history pages (afterSeq), as a member.</summary>
public static class RoomHistory
{
    private const int PageSize = 100;

    /// <summary>Every retained message, ascending; retries pages the cluster answers `unavailable` for, up to <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<SeenMessage>> ReadAllAsync(TestChatClient client, string roomId, TimeSpan? timeout = null)
    {
        var giveUpAt = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var messages = new List<SeenMessage>();
        var after = 0L;
        while (true)
        {
            var ack = await client.RequestAsync("get-history", new { roomId, afterSeq = after, limit = PageSize }, TimeSpan.FromSeconds(40));
            if (!ack.TryGetProperty("success", out _))
            {
                if (ack.GetProperty("code").GetString() == "unavailable" && DateTime.UtcNow < giveUpAt)
                {
                    await Task.Delay(250);
                    continue;
                }

                throw new InvalidOperationException($"get-history of {roomId} after {after} failed: {ack.GetRawText()}");
            }

            var page = ack.GetProperty("messages").EnumerateArray().Select(Read).ToList();
            messages.AddRange(page);
            if (page.Count < PageSize)
            {
                return messages;
            }

            after = page[^1].Seq;
        }
    }

    private static SeenMessage Read(JsonElement message) =>
        new(message.GetProperty("seq").GetInt64(), message.GetProperty("id").GetString()!, message.GetProperty("content").GetString()!);
}
