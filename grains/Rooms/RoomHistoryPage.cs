using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>One stored page of room history: the messages of seqs [n*P+1 .. (n+1)*P], ascending.</summary>
[GenerateSerializer, Alias("chat.RoomHistoryPage")]
internal sealed class RoomHistoryPage : IHistoryPage<ChatMessage>
{
    [Id(0)] public List<ChatMessage> Messages { get; set; } = [];

    [Id(1)] public long LastChangeSeq { get; set; }
}
