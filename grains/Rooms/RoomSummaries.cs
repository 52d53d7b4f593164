using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>A room as one member sees it in their room list: last message, activity and unread count from their read cursor.</summary>
internal static class RoomSummaries
{
    public static RoomSummary For(
        RoomInfo room, RoomState state, MessageHistory<RoomHistoryPage, ChatMessage, RoomState> history, string userId, long readSeq)
    {
        var lastSeq = history.LastSeq;
        var read = Math.Clamp(readSeq, 0, lastSeq);
        var newest = history.Newest(1);
        var last = newest.Count > 0 ? newest[0] : null;
        return new RoomSummary
        {
            Room = room,
            Role = state.RoleOf(userId),
            LastSeq = lastSeq,
            LastMessage = last,
            LastActivity = last?.Timestamp ?? state.CreatedAt.ToUnixTimeMilliseconds(),
            ReadSeq = read,
            Unread = read >= lastSeq ? 0 : Unread(history, userId, read, lastSeq),
        };
    }

    /// <summary>Retained messages after the cursor that others sent and that are not deleted.</summary>
    private static long Unread(MessageHistory<RoomHistoryPage, ChatMessage, RoomState> history, string userId, long read, long lastSeq)
    {
        var count = 0L;
        foreach (var message in history.Oldest(read, (int)Math.Min(lastSeq - read, int.MaxValue)))
        {
            if (message.UserId != userId && !message.Deleted)
            {
                count++;
            }
        }

        return count;
    }
}
