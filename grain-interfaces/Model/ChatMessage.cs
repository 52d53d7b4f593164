namespace Orleans.Chat.Model;

/// <summary>
/// A room message as stored in history, pushed to the subscribed gateways and sent to clients.
/// The same instance is serialized for every receiver, so it is immutable.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.ChatMessage")]
public sealed record ChatMessage : ISequencedMessage
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string RoomId { get; init; }
    [Id(2)] public required long Seq { get; init; }
    [Id(3)] public required string UserId { get; init; }
    [Id(4)] public required UserRef User { get; init; }
    [Id(5)] public required string Content { get; init; }
    [Id(6)] public required string Type { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [Id(7)] public required long Timestamp { get; init; }
    [Id(8)] public bool Edited { get; init; }

    /// <summary>A tombstone: the content is empty and the message stays in history at its seq.</summary>
    [Id(9)] public bool Deleted { get; init; }

    /// <summary>Unix milliseconds of the last edit; 0 when never edited.</summary>
    [Id(11)] public long EditedAt { get; init; }

    /// <summary>The room's change counter at this message's last edit or delete; 0 when never changed.</summary>
    [Id(12)] public long ChangeSeq { get; init; }

    /// <summary>Who deleted it (the author, the owner or an admin); null unless <see cref="Deleted"/>.</summary>
    [Id(13)] public string? DeletedBy { get; init; }

    /// <summary>A message of type "file": the stored file (content is its name). Kept on a tombstone so the file's content can be removed.</summary>
    [Id(14)] public FileRef? File { get; init; }

    /// <summary>The sender's idempotency key; stored for dedupe, never sent to clients (the gateway's wire converters leave it out).</summary>
    [Id(10)] public string? ClientMsgId { get; init; }

    string ISequencedMessage.SenderId => UserId;
}
