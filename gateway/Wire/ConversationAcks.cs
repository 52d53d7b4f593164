using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

public sealed record PrivateMessageAck(string MessageId, string ConversationId, long Seq, long Timestamp, bool Delivered)
{
    public bool Success => true;
}

/// <summary>
/// One conversation of get-conversations (and of the connected sidebar); <c>lastMessage</c> is null when
/// none is retained; <c>lastChangeSeq</c> lets a client see it missed edits or deletes (get-changes).
/// </summary>
public sealed record ConversationSummary(string ConversationId, UserRef WithUser, long LastSeq, PrivateMessage? LastMessage, long Unread, long LastChangeSeq = 0);

public sealed record ConversationsAck(IReadOnlyList<ConversationSummary> Conversations)
{
    public bool Success => true;
}

public sealed record PrivateHistoryAck(string ConversationId, long LastSeq, IReadOnlyList<PrivateMessage> Messages, long LastChangeSeq = 0)
{
    public bool Success => true;
}
