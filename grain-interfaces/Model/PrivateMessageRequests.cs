namespace Orleans.Chat.Model;

[GenerateSerializer, Immutable, Alias("chat.SendPrivateMessageRequest")]
public sealed record SendPrivateMessageRequest
{
    [Id(0)] public required UserRef Sender { get; init; }
    [Id(1)] public required string Content { get; init; }
    [Id(2)] public string? ClientMsgId { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.SendPrivateMessageResult")]
public sealed record SendPrivateMessageResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public string? MessageId { get; init; }

    /// <summary>True when the recipient had a live connection; false when the message was queued.</summary>
    [Id(2)] public bool Delivered { get; init; }
    [Id(3)] public bool Duplicate { get; init; }
}

/// <summary>Queued private messages claimed by one connection; removed only when it confirms.</summary>
[GenerateSerializer, Immutable, Alias("chat.PendingMessagesClaim")]
public sealed record PendingMessagesClaim
{
    [Id(0)] public IReadOnlyList<PrivateMessage> Messages { get; init; } = [];

    /// <summary>Pass back to ConfirmPending once the messages are written to the connection.</summary>
    [Id(1)] public long UpToQueueSeq { get; init; }
}
