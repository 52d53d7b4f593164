namespace Orleans.Chat.Grains;

/// <summary>One stored page of history: the messages of seqs [n*P+1 .. (n+1)*P], ascending.</summary>
internal interface IHistoryPage<TMessage>
{
    List<TMessage> Messages { get; }
}
