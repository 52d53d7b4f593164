namespace Orleans.Chat.Model;

/// <summary>
/// A message of a two-user conversation, as stored in its history, pushed to both users and sent
/// to clients. Properties are declared in the order of the client JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.PrivateMessage")]
public sealed record PrivateMessage : ISequencedMessage
{
    [Id(0)] public required string Id { get; init; }

    /// <summary>Empty in messages queued before conversations existed (migrated on load).</summary>
    [Id(7)] public string ConversationId { get; init; } = string.Empty;

    /// <summary>1, 2, 3, ... per conversation; 0 in messages queued before conversations existed.</summary>
    [Id(8)] public long Seq { get; init; }

    [Id(1)] public required string FromUserId { get; init; }
    [Id(2)] public required UserRef FromUser { get; init; }
    [Id(3)] public required string ToUserId { get; init; }
    [Id(4)] public required string Content { get; init; }
    [Id(9)] public string Type { get; init; } = "text";

    /// <summary>Unix milliseconds.</summary>
    [Id(5)] public required long Timestamp { get; init; }
    [Id(10)] public bool Edited { get; init; }

    /// <summary>A tombstone: the content is empty and the message stays in history at its seq.</summary>
    [Id(11)] public bool Deleted { get; init; }

    /// <summary>Unix milliseconds of the last edit; 0 when never edited.</summary>
    [Id(12)] public long EditedAt { get; init; }

    /// <summary>The conversation's change counter at this message's last edit or delete; 0 when never changed.</summary>
    [Id(13)] public long ChangeSeq { get; init; }

    /// <summary>A message of type "file": the stored file (content is its name).</summary>
    [Id(14)] public FileRef? File { get; init; }

    /// <summary>A message of type "call": a missed, rejected or completed call, sent by the caller.</summary>
    [Id(15)] public CallRecord? Call { get; init; }

    /// <summary>The sender's idempotency key; stored for dedupe, never sent to clients (the gateway's wire converters leave it out).</summary>
    [Id(6)] public string? ClientMsgId { get; init; }

    string ISequencedMessage.SenderId => FromUserId;
}
