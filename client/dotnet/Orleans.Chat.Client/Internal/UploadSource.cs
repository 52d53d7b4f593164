using System.Security.Cryptography;

namespace Orleans.Chat.Client.Internal;

/// <summary>
/// The content of an upload, readable chunk by chunk in any order (a resume re-reads what the server
/// lacks): a seekable stream from its current position, or, for any other stream, a copy in memory.
/// </summary>
internal sealed class UploadSource : IDisposable
{
    private readonly Stream _stream;
    private readonly long _origin;
    private readonly bool _ownsStream;
    private readonly SemaphoreSlim _read = new(1, 1);

    private UploadSource(Stream stream, long origin, long length, bool ownsStream, string sha256)
    {
        _stream = stream;
        _origin = origin;
        _ownsStream = ownsStream;
        Length = length;
        Sha256 = sha256;
    }

    public long Length { get; }

    /// <summary>Lowercase hex SHA-256 of the content.</summary>
    public string Sha256 { get; }

    public static async Task<UploadSource> OpenAsync(Stream content, CancellationToken cancellationToken)
    {
        var stream = content;
        var owns = false;
        if (!content.CanSeek)
        {
            var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            (stream, owns) = (copy, true);
        }

        var origin = stream.Position;
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        stream.Position = origin;
        return new UploadSource(stream, origin, stream.Length - origin, owns, Convert.ToHexStringLower(hash));
    }

    /// <summary>Reads chunk <paramref name="index"/> into <paramref name="buffer"/>; returns its bytes.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadChunkAsync(int index, int chunkSize, byte[] buffer, CancellationToken cancellationToken)
    {
        var offset = (long)index * chunkSize;
        var length = (int)Math.Min(chunkSize, Length - offset);
        await _read.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stream.Position = _origin + offset;
            await _stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _read.Release();
        }

        return buffer.AsMemory(0, length);
    }

    /// <summary>The byte count of chunk <paramref name="index"/>.</summary>
    public int ChunkLength(int index, int chunkSize) => (int)Math.Min(chunkSize, Length - ((long)index * chunkSize));

    public void Dispose()
    {
        _read.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
