namespace Orleans.Chat.Model;

/// <summary>Where a file is posted: a room, or the conversation with another user (exactly one is set).</summary>
[GenerateSerializer, Immutable, Alias("chat.FileScope")]
public sealed record FileScope
{
    [Id(0)] public string? RoomId { get; init; }
    [Id(1)] public string? WithUserId { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.UploadStartRequest")]
public sealed record UploadStartRequest
{
    [Id(0)] public required UserRef Uploader { get; init; }
    [Id(1)] public required FileScope Scope { get; init; }
    [Id(2)] public required string Name { get; init; }

    /// <summary>Declared size in bytes: the upload's chunks must add up to exactly this.</summary>
    [Id(3)] public required long Size { get; init; }

    /// <summary>What the client says the type is; only a hint, the stored type is sniffed from the content.</summary>
    [Id(4)] public required string MimeType { get; init; }

    /// <summary>Lowercase hex SHA-256 of the whole file, checked at upload-complete when given.</summary>
    [Id(5)] public string? Sha256 { get; init; }
}

/// <summary>
/// An upload as its owner sees it (the answer to upload-start and to a resume): which chunks the server
/// has, so a client that reconnects sends only the rest.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.UploadStatus")]
public sealed record UploadStatus
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public string? UploadId { get; init; }

    /// <summary>Every chunk but the last is exactly this many bytes; the last is the rest (1..ChunkSize).</summary>
    [Id(2)] public int ChunkSize { get; init; }
    [Id(3)] public int ChunkCount { get; init; }
    [Id(4)] public long Size { get; init; }

    /// <summary>Indexes of the chunks stored so far, ascending.</summary>
    [Id(5)] public IReadOnlyList<int> Received { get; init; } = [];

    /// <summary>Unix milliseconds when the incomplete upload is removed (each stored chunk moves it on).</summary>
    [Id(6)] public long ExpiresAt { get; init; }

    public static UploadStatus Failed(ChatError error) => new() { Error = error };
}

[GenerateSerializer, Immutable, Alias("chat.ChunkResult")]
public sealed record ChunkResult
{
    [Id(0)] public ChatError Error { get; init; }

    /// <summary>How many distinct chunks the server has now.</summary>
    [Id(1)] public int Received { get; init; }

    public static ChunkResult Failed(ChatError error) => new() { Error = error };
}

[GenerateSerializer, Immutable, Alias("chat.UploadCompleteResult")]
public sealed record UploadCompleteResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public FileRef? File { get; init; }

    /// <summary>The message of type "file" posted to the room or conversation.</summary>
    [Id(2)] public string? MessageId { get; init; }
    [Id(3)] public long Seq { get; init; }

    /// <summary>Set when the file went to a conversation.</summary>
    [Id(4)] public string? ConversationId { get; init; }

    /// <summary>Unix milliseconds of the message.</summary>
    [Id(5)] public long Timestamp { get; init; }

    public static UploadCompleteResult Failed(ChatError error) => new() { Error = error };
}

/// <summary>The answer to "may this user download this file": the file when they may, else the error (not_found when it does not exist or was deleted).</summary>
[GenerateSerializer, Immutable, Alias("chat.FileAccessResult")]
public sealed record FileAccessResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public FileRef? File { get; init; }

    /// <summary>Chunk size the content was stored with (every chunk but the last is this long).</summary>
    [Id(2)] public int ChunkSize { get; init; }

    /// <summary>Lowercase hex SHA-256 of the content (downloads use it as the ETag).</summary>
    [Id(3)] public string? Sha256 { get; init; }

    public static FileAccessResult Failed(ChatError error) => new() { Error = error };
}
