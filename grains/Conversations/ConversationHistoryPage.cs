using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>One stored page of a conversation's history: the messages of seqs [n*P+1 .. (n+1)*P], ascending.</summary>
[GenerateSerializer, Alias("chat.ConversationHistoryPage")]
internal sealed class ConversationHistoryPage : IHistoryPage<PrivateMessage>
{
    [Id(0)] public List<PrivateMessage> Messages { get; set; } = [];

    [Id(1)] public long LastChangeSeq { get; set; }
}
