using System.Buffers;
using System.Security.Cryptography;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Files;

/// <summary>What reading an upload back found.</summary>
/// <param name="MissingChunk">A chunk the store does not have (or has at the wrong length); -1 when every chunk was there.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the content, when every chunk was there.</param>
/// <param name="MimeType">The type sniffed from the first chunk.</param>
internal readonly record struct VerifiedContent(int MissingChunk, string? Sha256, string? MimeType);

/// <summary>
/// Reads an upload's chunks back from the store in order through one pooled buffer, hashing them
/// incrementally, and sniffs the type from the first: memory stays at one chunk whatever the file size.
/// </summary>
internal static class FileVerification
{
    public static async Task<VerifiedContent> ReadBackAsync(IFileStore store, string fileId, FileUpload upload, CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(upload.ChunkSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            string? mimeType = null;
            for (var index = 0; index < upload.ChunkCount; index++)
            {
                var length = await store.ReadChunkAsync(fileId, index, buffer.AsMemory(0, upload.ChunkSize), cancellationToken);
                if (length != upload.LengthOf(index))
                {
                    return new VerifiedContent(index, null, null);
                }

                var chunk = buffer.AsSpan(0, length);
                mimeType ??= FileTypeSniffer.Sniff(chunk, isWholeFile: upload.ChunkCount == 1);
                hash.AppendData(chunk);
            }

            return new VerifiedContent(-1, Convert.ToHexStringLower(hash.GetHashAndReset()), mimeType);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
