using Orleans.Chat.Files;
namespace Orleans.Chat.Hosting.Files;

/// <summary>
/// File content on a local disk (or a volume every node mounts): a directory per file under the root,
/// a file per chunk named by its index. A chunk is written to a temporary file and renamed into place,
/// so a reader never sees half a chunk. The directory of an incomplete upload holds a marker file,
/// touched by every write: <see cref="SweepAsync"/> removes upload directories whose marker is older than
/// a cutoff (uploads whose grain was lost and never came back), and a sealed directory (no marker)
/// takes no more writes.
/// </summary>
public sealed class DiskFileStore : IFileStore
{
    public const string IncompleteMarker = ".incomplete";
    private const string TempPrefix = ".tmp-";

    private readonly int _maxChunkBytes;

    public DiskFileStore(string root, int maxChunkBytes)
    {
        Root = Directory.CreateDirectory(root).FullName;
        _maxChunkBytes = maxChunkBytes;
    }

    public string Root { get; }

    public async Task WriteChunkAsync(string fileId, int index, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, _maxChunkBytes, nameof(data));
        var directory = OpenUploadDirectory(fileId);
        var temp = Path.Combine(directory, $"{TempPrefix}{index}-{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(data, cancellationToken);
            }

            TouchIncomplete(directory, fileId);
            File.Move(temp, Path.Combine(directory, ChunkName(index)), overwrite: true);
        }
        finally
        {
            DeleteTemp(temp);
        }
    }

    public async ValueTask<int> ReadChunkAsync(string fileId, int index, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(ChunkPath(fileId, index), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return -1;
        }

        using (handle)
        {
            var length = RandomAccess.GetLength(handle);
            if (length > destination.Length)
            {
                throw new ArgumentException($"Chunk {index} of {fileId} is {length} bytes, more than the {destination.Length} byte buffer.", nameof(destination));
            }

            var read = 0;
            while (read < length)
            {
                var n = await RandomAccess.ReadAsync(handle, destination[read..(int)length], read, cancellationToken);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read;
        }
    }

    public Task<IReadOnlyList<int>> ListChunksAsync(string fileId, CancellationToken cancellationToken = default)
    {
        var directory = FileDirectory(fileId);
        if (!Directory.Exists(directory))
        {
            return Task.FromResult<IReadOnlyList<int>>([]);
        }

        var indexes = new List<int>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (int.TryParse(Path.GetFileName(path), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                indexes.Add(index);
            }
        }

        indexes.Sort();
        return Task.FromResult<IReadOnlyList<int>>(indexes);
    }

    public Task SealAsync(string fileId, int chunkCount, CancellationToken cancellationToken = default)
    {
        File.Delete(Path.Combine(FileDirectory(fileId), IncompleteMarker));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string fileId, int chunkCount, CancellationToken cancellationToken = default)
    {
        var directory = FileDirectory(fileId);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted before: nothing to do.
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes incomplete uploads whose last write is older than <paramref name="idleFor"/>, and temporary
    /// directories left by a crash as old. Returns how many uploads it removed.
    /// </summary>
    public Task<int> SweepAsync(TimeSpan idleFor, CancellationToken cancellationToken = default)
    {
        var cutoff = DateTime.UtcNow - idleFor;
        var removed = 0;
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(directory);
            var marker = Path.Combine(directory, IncompleteMarker);
            var abandoned = name.StartsWith(TempPrefix, StringComparison.Ordinal)
                ? Directory.GetLastWriteTimeUtc(directory) < cutoff
                : File.Exists(marker) && File.GetLastWriteTimeUtc(marker) < cutoff;
            if (abandoned && TryDelete(directory) && !name.StartsWith(TempPrefix, StringComparison.Ordinal))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    private static string ChunkName(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void DeleteTemp(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (DirectoryNotFoundException)
        {
            // The upload was removed meanwhile, with the temporary file.
        }
    }

    private static bool TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Written to or removed meanwhile: the next sweep looks again.
            return false;
        }
    }

    /// <summary>
    /// Marks the upload as written to now (the sweeper's idle clock). Refuses a sealed file: a late
    /// re-send must not change content that was verified.
    /// </summary>
    private static void TouchIncomplete(string directory, string fileId)
    {
        try
        {
            File.SetLastWriteTimeUtc(Path.Combine(directory, IncompleteMarker), DateTime.UtcNow);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"File {fileId} is sealed (or was removed): its chunks cannot be written.", exception);
        }
    }

    /// <summary>
    /// The file's directory, created with its marker when new: built under a temporary name and renamed
    /// into place, so no writer ever sees a new upload's directory without its marker (which would read as sealed).
    /// </summary>
    private string OpenUploadDirectory(string fileId)
    {
        var directory = FileDirectory(fileId);
        if (Directory.Exists(directory))
        {
            return directory;
        }

        var temp = Path.Combine(Root, TempPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        File.Create(Path.Combine(temp, IncompleteMarker)).Dispose();
        try
        {
            Directory.Move(temp, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            // Another writer created it first.
            Directory.Delete(temp, recursive: true);
        }

        return directory;
    }

    private string FileDirectory(string fileId)
    {
        FileIds.EnsureValid(fileId);
        return Path.Combine(Root, fileId);
    }

    private string ChunkPath(string fileId, int index) => Path.Combine(FileDirectory(fileId), ChunkName(index));
}
