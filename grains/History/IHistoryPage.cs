namespace Orleans.Chat.Grains;

/// <summary>One stored page of history: the messages of seqs [n*P+1 .. (n+1)*P], ascending.</summary>
internal interface IHistoryPage<TMessage>
{
    List<TMessage> Messages { get; }

    /// <summary>
    /// The owner's change counter when the page was last written. Every page write records it, so the
    /// newest change seq survives in the head page after the edited page leaves retention.
    /// </summary>
    long LastChangeSeq { get; set; }
}
