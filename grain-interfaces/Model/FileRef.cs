namespace Orleans.Chat.Model;

/// <summary>
/// A stored file as a message carries it (message type "file"). Clients download it at
/// /files/{Id}; the gateway adds that url on the wire.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.FileRef")]
public sealed record FileRef
{
    [Id(0)] public required string Id { get; init; }

    /// <summary>The name the uploader gave, cleaned of path parts and control characters.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Bytes.</summary>
    [Id(2)] public required long Size { get; init; }

    /// <summary>The type sniffed from the content at upload-complete, not the one the client declared.</summary>
    [Id(3)] public required string MimeType { get; init; }
}
