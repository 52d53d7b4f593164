namespace Orleans.Chat.Model;

[GenerateSerializer, Immutable, Alias("chat.SendPrivateMessageRequest")]
public sealed record SendPrivateMessageRequest
{
    [Id(0)] public required UserRef Sender { get; init; }
    [Id(1)] public required string Content { get; init; }
    [Id(2)] public string? ClientMsgId { get; init; }
    [Id(3)] public required string RecipientId { get; init; }
    [Id(4)] public string Type { get; init; } = "text";

    /// <summary>Set by the file grain for a message of type "file" (never from a client's message).</summary>
    [Id(5)] public FileRef? File { get; init; }

    /// <summary>Set by the call grain for a message of type "call".</summary>
    [Id(6)] public CallRecord? Call { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.SendPrivateMessageResult")]
public sealed record SendPrivateMessageResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public string? MessageId { get; init; }

    /// <summary>True when a gateway with a connection of the recipient took the live push.</summary>
    [Id(2)] public bool Delivered { get; init; }
    [Id(3)] public bool Duplicate { get; init; }
    [Id(4)] public string? ConversationId { get; init; }
    [Id(5)] public long Seq { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [Id(6)] public long Timestamp { get; init; }

    public static SendPrivateMessageResult Failed(ChatError error) => new() { Error = error };
}

[GenerateSerializer, Immutable, Alias("chat.ConversationHistoryRequest")]
public sealed record ConversationHistoryRequest
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public long? BeforeSeq { get; init; }
    [Id(2)] public long? AfterSeq { get; init; }
    [Id(3)] public int Limit { get; init; } = 50;
}

[GenerateSerializer, Immutable, Alias("chat.ConversationHistoryResult")]
public sealed record ConversationHistoryResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public IReadOnlyList<PrivateMessage> Messages { get; init; } = [];
    [Id(2)] public long LastSeq { get; init; }

    /// <summary>The conversation's change counter (its last edit or delete): a client that saw less asks get-changes.</summary>
    [Id(3)] public long LastChangeSeq { get; init; }
}

/// <summary>
/// One conversation in a user's conversation index, as that user sees it. Unread is
/// <see cref="LastSeq"/> - <see cref="ReadSeq"/>: a user's own messages count as read.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.ConversationEntry")]
public sealed record ConversationEntry
{
    [Id(0)] public required string ConversationId { get; init; }

    /// <summary>The other user (the user themself in a conversation with oneself).</summary>
    [Id(1)] public required UserRef WithUser { get; init; }
    [Id(2)] public long LastSeq { get; init; }
    [Id(3)] public long ReadSeq { get; init; }

    /// <summary>Unix milliseconds of the last message.</summary>
    [Id(4)] public long LastActivity { get; init; }

    /// <summary>The conversation's change counter as of the index's last update (see <see cref="ConversationHistoryResult.LastChangeSeq"/>).</summary>
    [Id(5)] public long LastChangeSeq { get; init; }

    public long Unread => Math.Max(0, LastSeq - ReadSeq);

    /// <summary>This entry with what <paramref name="newer"/> knows beyond it; every field only moves forward.</summary>
    public ConversationEntry Merge(ConversationEntry newer) => new()
    {
        ConversationId = ConversationId,
        WithUser = newer.LastSeq >= LastSeq ? newer.WithUser : WithUser,
        LastSeq = Math.Max(LastSeq, newer.LastSeq),
        ReadSeq = Math.Min(Math.Max(ReadSeq, newer.ReadSeq), Math.Max(LastSeq, newer.LastSeq)),
        LastActivity = Math.Max(LastActivity, newer.LastActivity),
        LastChangeSeq = Math.Max(LastChangeSeq, newer.LastChangeSeq),
    };
}
