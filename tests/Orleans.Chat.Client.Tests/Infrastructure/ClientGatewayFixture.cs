
namespace Orleans.Chat.Client.Tests.Infrastructure;

/// <summary>One real gateway for every SDK test; tests use fresh user and room ids.</summary>
public sealed class ClientGatewayFixture : IAsyncLifetime
{
    /// <summary>Limits:RecoveryBatch: small, so every recovery test also pages the rest of a join with get-history.</summary>
    public const int RecoveryBatch = 5;

    /// <summary>Files:ChunkBytes: small, so a test file has many chunks.</summary>
    public const int ChunkBytes = 4096;

    /// <summary>Files:MaxBytes.</summary>
    public const int MaxFileBytes = 256 * 1024;

    private readonly string _files = Directory.CreateTempSubdirectory("chat-client-files-").FullName;

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted)
    {
        ["Files:Directory"] = _files,
        ["Files:ChunkBytes"] = ChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Files:MaxBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Random bytes sniff as application/octet-stream (appended to the default list).
        ["Files:AllowedTypes:0"] = "application/octet-stream",
        ["Calls:StunUrls:0"] = "stun:stun.example.org:3478",
        // The recovery tests send hundreds of messages a minute.
        ["Limits:EventsPerMinute"] = "100000",
        ["Limits:TypingTimeout"] = "00:00:05",
        ["Limits:RecoveryBatch"] = RecoveryBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClientGatewayCollection : ICollectionFixture<ClientGatewayFixture>
{
    public const string Name = "client-gateway";
}
