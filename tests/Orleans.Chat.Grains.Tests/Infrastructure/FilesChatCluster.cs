using System.Globalization;
using Orleans.Chat.Hosting.Files;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// File sharing with small limits (4 KB chunks, 20 000 byte files, a 50 000 byte quota, 2 open uploads)
/// on a disk store in a temporary folder, which the tests also write chunks to as a gateway does.
/// </summary>
public abstract class FilesClusterFixture : ChatClusterFixture, IDisposable
{
    public const int ChunkBytes = 4096;
    public const int MaxBytes = 20_000;
    public const int QuotaBytes = 50_000;
    public const int MaxConcurrentUploads = 2;

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("orleans-chat-files-").FullName;

    /// <summary>The silos' store, opened as a gateway opens it.</summary>
    public DiskFileStore Store => new(_directory, ChunkBytes);

    protected abstract TimeSpan UploadTimeout { get; }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Files:Directory"] = _directory,
        ["Files:ChunkBytes"] = ChunkBytes.ToString(CultureInfo.InvariantCulture),
        ["Files:MaxBytes"] = MaxBytes.ToString(CultureInfo.InvariantCulture),
        ["Files:QuotaBytes"] = QuotaBytes.ToString(CultureInfo.InvariantCulture),
        ["Files:MaxConcurrentUploads"] = MaxConcurrentUploads.ToString(CultureInfo.InvariantCulture),
        ["Files:UploadTimeout"] = UploadTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Streams:PollPeriodMs"] = "5",
    };

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A silo still shutting down may hold a file: the temp folder is cleaned some other day.
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Uploads that expire only after a minute (no test waits for it).</summary>
public sealed class FilesChatCluster : FilesClusterFixture
{
    protected override TimeSpan UploadTimeout => TimeSpan.FromMinutes(1);
}

/// <summary>Uploads that expire after 2 s idle.</summary>
public sealed class ShortUploadChatCluster : FilesClusterFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    protected override TimeSpan UploadTimeout => Timeout;
}

[CollectionDefinition(Name)]
public sealed class FilesClusterCollection : ICollectionFixture<FilesChatCluster>
{
    public const string Name = "files cluster";
}

[CollectionDefinition(Name)]
public sealed class ShortUploadClusterCollection : ICollectionFixture<ShortUploadChatCluster>
{
    public const string Name = "short-upload cluster";
}
