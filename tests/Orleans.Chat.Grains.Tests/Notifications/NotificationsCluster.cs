using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Chat.Hosting;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>
/// A TestingHost cluster (2 silos) with notifications pointed at a real <see cref="WebhookReceiver"/>,
/// and the silos' log lines recorded so tests can read the dead-letter line.
/// </summary>
public abstract class NotificationsClusterFixture : IAsyncLifetime
{
    /// <summary>Strong enough for Production's checks (the TestingHost's environment).</summary>
    public static readonly string Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));

    private TestCluster? _cluster;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("not deployed")).Client;

    public TestCluster Cluster => _cluster!;

    protected abstract IReadOnlyDictionary<string, string> Settings { get; }

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.Properties["Notifications:WebhookUrl"] = Receiver.Url.ToString();
        builder.Properties["Notifications:Secret"] = Secret;
        builder.Properties["Streams:PollPeriodMs"] = "5";
        foreach (var (key, value) in Settings)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        await Receiver.DisposeAsync();
    }

    /// <summary>Publishes on the real chat-events stream of the event's scope, as the grains do after a write.</summary>
    public Task PublishAsync(ChatEvent chatEvent) =>
        Client.GetStreamProvider(ChatStreams.ProviderName).GetStream<ChatEvent>(ChatStreams.ChatEvents(chatEvent.ScopeId)).OnNextAsync(chatEvent);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddChatGrains(siloBuilder.Configuration);
            siloBuilder.Services.AddSingleton<ILoggerProvider, SiloLogRecorder>();
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        // The same queue count as the silos (Streams:Queues, 1 by default), so what the client
        // publishes lands in a queue the silos pull.
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMemoryStreams(ChatStreams.ProviderName, stream => stream.ConfigurePartitioning(1));
    }
}

/// <summary>Debounce 0 and quick retries (50 ms doubling to 400 ms, 4 attempts).</summary>
public sealed class ImmediateNotificationsCluster : NotificationsClusterFixture
{
    public const int MaxAttempts = 4;
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(400);

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Notifications:Debounce"] = "00:00:00",
        ["Notifications:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:InitialBackoff"] = InitialBackoff.ToString(),
        ["Notifications:MaxBackoff"] = MaxBackoff.ToString(),
    };
}

/// <summary>Notifications with their default timing (Debounce 2 s).</summary>
public sealed class DefaultNotificationsCluster : NotificationsClusterFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();
}

[CollectionDefinition(Name)]
public sealed class ImmediateNotificationsCollection : ICollectionFixture<ImmediateNotificationsCluster>
{
    public const string Name = "immediate notifications cluster";
}

[CollectionDefinition(Name)]
public sealed class DefaultNotificationsCollection : ICollectionFixture<DefaultNotificationsCluster>
{
    public const string Name = "default notifications cluster";
}

/// <summary>Every silo's log lines (category, event id, message), process-wide.</summary>
public sealed class SiloLogRecorder : ILoggerProvider
{
    public static readonly ConcurrentQueue<(string Category, EventId Id, LogLevel Level, string Message)> Lines = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (category.StartsWith("Orleans.Chat", StringComparison.Ordinal))
            {
                Lines.Enqueue((category, eventId, logLevel, formatter(state, exception)));
            }
        }
    }
}
