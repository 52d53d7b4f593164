using Orleans.Chat.Hosting;
using Orleans.Chat.Streams;
using Orleans.Hosting;
using Orleans.TestingHost;
using Microsoft.Extensions.Configuration;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>A real in-process Orleans cluster running the chat grains, shared by a test collection.</summary>
public abstract class ChatClusterFixture : IAsyncLifetime
{
    /// <summary>Setting that wraps the "chat" storage in Orleans' fault-injection storage.</summary>
    protected const string FaultInjectionKey = "Test:FaultInjectionStorage";

    /// <summary>The gateway id the tests' own observers subscribe under; the fixture keeps its lease renewed.</summary>
    public const string TestGateway = "test-client";

    private TestCluster? _cluster;
    private readonly CancellationTokenSource _stopping = new();
    private Task _renewing = Task.CompletedTask;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed yet.");

    public IClusterClient Client => Cluster.Client;

    /// <summary>Configuration keys as the silos read them (section:key).</summary>
    protected abstract IReadOnlyDictionary<string, string> Settings { get; }

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        foreach (var (key, value) in Settings)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<ChatSiloConfigurator>();
        builder.AddClientBuilderConfigurator<ChatClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _renewing = RenewTestGatewayAsync(_stopping.Token);
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _renewing;
        _stopping.Dispose();
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Renewed = new(StringComparer.Ordinal);

    /// <summary>
    /// A gateway id of its own (a gateway has one receiver of its users' events, so each recorder is a gateway),
    /// renewed by every fixture's loop until <see cref="StopRenewing"/>.
    /// </summary>
    public static string RenewedGateway()
    {
        var gatewayId = $"{TestGateway}-{Guid.NewGuid():N}";
        Renewed[gatewayId] = 0;
        return gatewayId;
    }

    public static void StopRenewing(string gatewayId) => Renewed.TryRemove(gatewayId, out _);

    /// <summary>As a live gateway does, so the recorders' connections hold however long a test runs.</summary>
    private async Task RenewTestGatewayAsync(CancellationToken cancellationToken)
    {
        var registry = Client.GetGrain<IGatewayRegistryGrain>(0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await registry.Renew(TestGateway);
                foreach (var gatewayId in Renewed.Keys)
                {
                    await registry.Renew(gatewayId);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A test deactivating the registry or a silo: renew again.
            }
        }
    }

    private sealed class ChatSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddChatGrains(siloBuilder.Configuration);
            if (siloBuilder.Configuration.GetValue<bool>(FaultInjectionKey))
            {
                // Same memory storage, but a test can make the next read, write or clear of one grain's state fail.
                siloBuilder.Services.AddFaultInjectionMemoryStorage(
                    ChatStorage.Name,
                    configureFaultInjectionOptions: options => options.Configure(fault => fault.Latency = TimeSpan.Zero));
            }
        }
    }

    private sealed class ChatClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMemoryStreams(ChatStreams.ProviderName, stream => stream.ConfigurePartitioning(4));
    }
}

/// <summary>
/// Small history (30 messages in pages of 10) so retention and paging show in few messages; a
/// small unread cap; read-receipts in rooms of up to 3 members; long leases; storage that tests can make fail (see <see cref="StorageFaults"/>).
/// </summary>
public sealed class StandardChatCluster : ChatClusterFixture
{
    public const int HistoryPerRoom = 30;
    public const int HistoryPageSize = 10;
    public const int HistoryPerConversation = 30;
    public const int MaxUnreadPrivateMessages = 20;
    public const int ReceiptMaxMembers = 3;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Limits:HistoryPerRoom"] = HistoryPerRoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:HistoryPageSize"] = HistoryPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:HistoryPerConversation"] = HistoryPerConversation.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:MaxUnreadPrivateMessages"] = MaxUnreadPrivateMessages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:ReceiptMaxMembers"] = ReceiptMaxMembers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Streams:PollPeriodMs"] = "5",
        [FaultInjectionKey] = "true",
    };
}

/// <summary>Gateway leases that lapse within seconds, checked often; online counts reach the stats quickly.</summary>
public sealed class ShortLeaseChatCluster : ChatClusterFixture
{
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan StatsFlushInterval = TimeSpan.FromMilliseconds(50);

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Presence:LeaseTtl"] = LeaseTtl.ToString(),
        ["Presence:GatewayCheckInterval"] = TimeSpan.FromMilliseconds(200).ToString(),
        ["Presence:StatsFlushInterval"] = StatsFlushInterval.ToString(),
    };
}

[CollectionDefinition(Name)]
public sealed class StandardClusterCollection : ICollectionFixture<StandardChatCluster>
{
    public const string Name = "standard cluster";
}

[CollectionDefinition(Name)]
public sealed class ShortLeaseClusterCollection : ICollectionFixture<ShortLeaseChatCluster>
{
    public const string Name = "short-lease cluster";
}
