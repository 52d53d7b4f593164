using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Hosting;
using Orleans.Chat.Streams;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Chat.Backend.Tests;

/// <summary>
/// A real in-process Orleans cluster with the chat grains, and a <see cref="ChatBackendClient"/>
/// over its client with small limits (content 100 characters, event data 64 bytes).
/// </summary>
public sealed class BackendCluster : IAsyncLifetime
{
    public const int MaxContentLength = 100;
    public const int MaxRoomEventBytes = 64;
    public const string ServiceUserId = "svc-bot";

    private TestCluster? _cluster;

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("Not deployed.")).Client;

    public ChatBackendClient Backend { get; private set; } = null!; // set by InitializeAsync

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Properties["Streams:PollPeriodMs"] = "5";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        Backend = Create(new ChatBackendOptions
        {
            UserId = ServiceUserId,
            UserName = "Service bot",
            MaxContentLength = MaxContentLength,
            MaxRoomEventBytes = MaxRoomEventBytes,
        });
    }

    public ChatBackendClient Create(ChatBackendOptions options) =>
        new(Client, new ChatInputRules(Options.Create(options)), NullLogger<ChatBackendClient>.Instance);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddChatGrains(siloBuilder.Configuration);
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMemoryStreams(ChatStreams.ProviderName, stream => stream.ConfigurePartitioning(1));
    }
}

[CollectionDefinition(Name)]
public sealed class BackendClusterCollection : ICollectionFixture<BackendCluster>
{
    public const string Name = "backend cluster";
}
