namespace Orleans.Chat.Files;

/// <summary>
/// Where file content lives (a contract shared by the file grains and the gateways; implementations in hosting/Files), as numbered chunks of one file (the unit of upload, resume and Range reads).
/// Single node: a local directory; cluster: Redis, which every gateway and silo reaches. Kept this small
/// so an S3 or Azure Blob store is one more class. Chunks of an incomplete upload may expire on their own
/// (after Files:UploadTimeout without a write); <see cref="SealAsync"/> makes them permanent.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores (or replaces: clients may re-send) one chunk.</summary>
    Task WriteChunkAsync(string fileId, int index, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Copies one chunk into <paramref name="destination"/> (at least as long as the chunk); returns its length, or -1 when the store does not have it.</summary>
    ValueTask<int> ReadChunkAsync(string fileId, int index, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>The indexes of the chunks stored for the file, ascending (a resume after the file grain lost its memory).</summary>
    Task<IReadOnlyList<int>> ListChunksAsync(string fileId, CancellationToken cancellationToken = default);

    /// <summary>The upload completed: the chunks no longer expire.</summary>
    Task SealAsync(string fileId, int chunkCount, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk of the file (cancelled, expired or deleted). Idempotent.</summary>
    Task DeleteAsync(string fileId, int chunkCount, CancellationToken cancellationToken = default);
}
