using System.Globalization;

namespace Orleans.Chat.Gateway.Tests.Files;

/// <summary>
/// One gateway for the file tests, with small numbers so every limit shows in a few chunks: 8 KB chunks
/// (a chunk frame may be ~15 KB) while other frames stay under 4 KB, 64 KB files, a 100 KB quota.
/// </summary>
public sealed class FilesFixture : IAsyncLifetime
{
    public const int ChunkBytes = 8192;
    public const int MaxFrameBytes = 4096;
    public const int MaxBytes = 64 * 1024;
    public const int QuotaBytes = 100 * 1024;
    public const int MaxConcurrentUploads = 2;

    /// <summary>The largest upload-chunk frame: a full chunk in base64 plus 4096.</summary>
    public static readonly int MaxChunkFrameBytes = ((ChunkBytes + 2) / 3 * 4) + 4096;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chat-files-" + Guid.NewGuid().ToString("N"));

    public GatewayServer Server { get; private set; } = null!;

    public static Dictionary<string, string?> Settings(string directory) => new(LoopbackCaps.Lifted)
    {
        ["Limits:EventsPerMinute"] = "100000",
        ["Limits:MaxFrameBytes"] = MaxFrameBytes.ToString(CultureInfo.InvariantCulture),
        ["Files:Directory"] = directory,
        ["Files:ChunkBytes"] = ChunkBytes.ToString(CultureInfo.InvariantCulture),
        ["Files:MaxBytes"] = MaxBytes.ToString(CultureInfo.InvariantCulture),
        ["Files:QuotaBytes"] = QuotaBytes.ToString(CultureInfo.InvariantCulture),
        ["Files:MaxConcurrentUploads"] = MaxConcurrentUploads.ToString(CultureInfo.InvariantCulture),
    };

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(Settings(_directory));

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FilesCollection : ICollectionFixture<FilesFixture>
{
    public const string Name = "files";
}
