using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Files;

/// <summary>Where a file is in its life. Only <see cref="Stored"/> files can be downloaded.</summary>
internal enum FileStatus
{
    /// <summary>Never started, or an upload that expired or was cancelled (its state was cleared).</summary>
    None = 0,

    /// <summary>Open for chunks.</summary>
    Uploading = 1,

    /// <summary>Verified, sealed and counted against the quota, but its message is not posted yet (the send failed): Complete posts it.</summary>
    Sealed = 2,

    /// <summary>Its message is posted.</summary>
    Stored = 3,

    /// <summary>Its message was deleted: content removed, the id stays taken.</summary>
    Deleted = 4,
}

/// <summary>
/// A file's persisted metadata. Written at start, complete, cancel, delete and expiry, and when the
/// expiry it records falls behind the live one by half the timeout; never per chunk (the chunks
/// received live in memory and in the store, which rebuilds them after a lost activation).
/// </summary>
[GenerateSerializer, Alias("chat.FileState")]
internal sealed class FileState
{
    [Id(0)] public FileStatus Status { get; set; }
    [Id(1)] public UserRef? Owner { get; set; }
    [Id(2)] public string? RoomId { get; set; }
    [Id(3)] public string? WithUserId { get; set; }

    /// <summary>The cleaned name.</summary>
    [Id(4)] public string Name { get; set; } = "";
    [Id(5)] public long Size { get; set; }

    /// <summary>The SHA-256 the uploader declared (lowercase hex), checked at complete.</summary>
    [Id(6)] public string? DeclaredSha256 { get; set; }
    [Id(7)] public int ChunkSize { get; set; }
    [Id(8)] public int ChunkCount { get; set; }

    /// <summary>Unix ms when an incomplete (or sealed but unposted) upload is removed; may lag the live expiry by half the timeout.</summary>
    [Id(9)] public long ExpiresAt { get; set; }

    /// <summary>Set once sealed.</summary>
    [Id(10)] public FileRef? File { get; set; }

    /// <summary>The SHA-256 of the stored content (lowercase hex), set once sealed; downloads use it as the ETag.</summary>
    [Id(11)] public string? Sha256 { get; set; }

    /// <summary>The answer of the successful Complete, repeated to a retried one.</summary>
    [Id(12)] public UploadCompleteResult? Completed { get; set; }

    /// <summary>Whether the owner's quota still counts this file's bytes (true from sealing until the quota was given back).</summary>
    [Id(13)] public bool QuotaHeld { get; set; }

    public bool IsOwner(string userId) => Owner?.Id == userId;
}
