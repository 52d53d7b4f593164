namespace Orleans.Chat.Grains;

/// <summary>
/// The private-message dedupe window over the stored receipts: the last <see cref="Capacity"/>
/// (sender, clientMsgId) pairs, indexed for lookup.
/// </summary>
internal sealed class PrivateMessageReceipts
{
    public const int Capacity = 200;

    private readonly List<PrivateMessageReceipt> _stored;
    private readonly Dictionary<(string SenderId, string ClientMsgId), PrivateMessageReceipt> _index = [];

    /// <param name="stored">The state's list; this class keeps it bounded and in step with the index.</param>
    public PrivateMessageReceipts(List<PrivateMessageReceipt> stored)
    {
        _stored = stored;
        foreach (var receipt in stored)
        {
            _index[(receipt.SenderId, receipt.ClientMsgId)] = receipt;
        }
    }

    public PrivateMessageReceipt? Find(string senderId, string clientMsgId) =>
        _index.GetValueOrDefault((senderId, clientMsgId));

    public void Add(PrivateMessageReceipt receipt)
    {
        _stored.Add(receipt);
        _index[(receipt.SenderId, receipt.ClientMsgId)] = receipt;
        if (_stored.Count > Capacity)
        {
            var oldest = _stored[0];
            _stored.RemoveAt(0);
            if (ReferenceEquals(Find(oldest.SenderId, oldest.ClientMsgId), oldest))
            {
                _index.Remove((oldest.SenderId, oldest.ClientMsgId));
            }
        }
    }
}
