using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

public sealed record PrivateMessageAck(string MessageId, string ConversationId, long Seq, long Timestamp, bool Delivered)
{
    public bool Success => true;
}

/// <summary>One conversation of get-conversations; <c>lastMessage</c> is null when none is retained.</summary>
public sealed record ConversationSummary(string ConversationId, UserRef WithUser, long LastSeq, PrivateMessage? LastMessage, long Unread);

public sealed record ConversationsAck(IReadOnlyList<ConversationSummary> Conversations)
{
    public bool Success => true;
}

public sealed record PrivateHistoryAck(string ConversationId, long LastSeq, IReadOnlyList<PrivateMessage> Messages)
{
    public bool Success => true;
}
