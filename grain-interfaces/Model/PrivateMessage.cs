using System.Text.Json.Serialization;

namespace Orleans.Chat.Model;

/// <summary>A direct message from one user to another.</summary>
[GenerateSerializer, Immutable, Alias("chat.PrivateMessage")]
public sealed record PrivateMessage
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string FromUserId { get; init; }
    [Id(2)] public required UserRef FromUser { get; init; }
    [Id(3)] public required string ToUserId { get; init; }
    [Id(4)] public required string Content { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [Id(5)] public required long Timestamp { get; init; }

    /// <summary>The sender's idempotency key; stored for dedupe, never sent to clients.</summary>
    [Id(6), JsonIgnore] public string? ClientMsgId { get; init; }
}
