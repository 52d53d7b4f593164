namespace Orleans.Chat.Streams;

/// <summary>A server-wide announcement from the server API, sent to every connection.</summary>
[GenerateSerializer, Immutable, Alias("chat.BroadcastEvent")]
public sealed record BroadcastEvent
{
    [Id(0)] public required string Event { get; init; }

    /// <summary>The payload as raw JSON text, so any shape passes through the cluster unchanged.</summary>
    [Id(1)] public required string DataJson { get; init; }
}
