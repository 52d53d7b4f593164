using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Sdk;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>
/// A real Orleans.Chat cluster made of processes: one redis-server (membership and grain storage),
/// silos and gateways started from the solution's build output, as deploy/local-cluster.sh runs
/// them. Every node gets free loopback ports; the cluster id is unique per instance. Nodes can be
/// added, killed (crash) or stopped at any time; disposing kills whatever still runs.
/// </summary>
public sealed class ChatCluster : IAsyncDisposable
{
    public const string ApiKey = "9+79ap58dW6Vy7kRcT2+opExpZ7DcNmRILHyULCBj7AR";

    /// <summary>Presence:LeaseTtl of the silos: short, so a dead gateway's users go offline quickly.</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    /// <summary>Gateway:LeaseRenewInterval of the gateways.</summary>
    public static readonly TimeSpan LeaseRenewInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Calls:LivenessInterval of the silos: how often a call checks its parties' gateways still hold their leases.</summary>
    public static readonly TimeSpan CallLivenessInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a starting node may take to answer its health check (2 shared cores, JIT of a cold process).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly List<SiloNode> _silos = [];
    private readonly List<GatewayNode> _gateways = [];
    private readonly List<NodeProcess> _everStarted = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _siloCount;
    private int _gatewayCount;
    private bool _failed;

    private ChatCluster(string name, string workDirectory, RedisNode redis, ITestOutputHelper? output)
    {
        Name = name;
        WorkDirectory = workDirectory;
        Redis = redis;
        Output = output;
        ClusterId = $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
        SigningKey = "cluster-tests-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
    }

    public string Name { get; }

    public string ClusterId { get; }

    /// <summary>Auth:SigningKey shared by every gateway.</summary>
    public string SigningKey { get; }

    /// <summary>Logs and Redis data of this cluster.</summary>
    public string WorkDirectory { get; }

    public RedisNode Redis { get; }

    /// <summary>Silos started and not killed or stopped, oldest first.</summary>
    public IReadOnlyList<SiloNode> Silos => _silos;

    /// <summary>Gateways started and not killed or stopped, oldest first.</summary>
    public IReadOnlyList<GatewayNode> Gateways => _gateways;

    /// <summary>Starts redis-server, then the silos (all at once), then the gateways (all at once); returns when all are ready.</summary>
    public static async Task<ChatCluster> StartAsync(
        string name,
        int silos,
        int gateways,
        ITestOutputHelper? output = null)
    {
        var workDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "orleans-chat-cluster-tests", $"{name}-{DateTime.Now:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}")).FullName;
        var redis = await RedisNode.StartAsync(workDirectory);
        var cluster = new ChatCluster(name, workDirectory, redis, output);
        try
        {
            await cluster.StartSilosAsync(silos);
            await cluster.StartGatewaysAsync(gateways);
            cluster.Log($"cluster {cluster.ClusterId} up: redis :{redis.Port}, {string.Join(", ", cluster._silos)}, {string.Join(", ", cluster._gateways)}");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Seconds since this cluster object was made (for the timeline in the test output).</summary>
    public double Elapsed => _clock.Elapsed.TotalSeconds;

    /// <summary>Where <see cref="Log"/> writes (the running test's output; a shared cluster gets each test's in turn).</summary>
    public ITestOutputHelper? Output { get; set; }

    public void Log(string message)
    {
        try
        {
            Output?.WriteLine($"[{Elapsed,7:0.000}s] {message}");
        }
        catch (InvalidOperationException)
        {
            // The test that owned the output has finished.
        }
    }

    public async Task<IReadOnlyList<SiloNode>> StartSilosAsync(int count)
    {
        var started = Enumerable.Range(0, count).Select(_ => LaunchSilo()).ToList();
        await Task.WhenAll(started.Select(silo => HttpReadiness.WaitAsync(silo.Process, silo.LiveUri, StartTimeout)));
        return started;
    }

    public async Task<SiloNode> StartSiloAsync() => (await StartSilosAsync(1))[0];

    public async Task<IReadOnlyList<GatewayNode>> StartGatewaysAsync(int count)
    {
        var started = Enumerable.Range(0, count).Select(_ => LaunchGateway()).ToList();
        await Task.WhenAll(started.Select(gateway => HttpReadiness.WaitAsync(gateway.Process, gateway.ReadyUri, StartTimeout)));
        return started;
    }

    public async Task<GatewayNode> StartGatewayAsync() => (await StartGatewaysAsync(1))[0];

    /// <summary>Crashes a silo: the process tree is killed, nothing shuts down gracefully.</summary>
    public async Task KillAsync(SiloNode silo)
    {
        _silos.Remove(silo);
        await silo.Process.KillAsync();
        Log($"killed {silo}");
    }

    /// <summary>Crashes a gateway: its clients' sockets drop and its presence leases are no longer renewed.</summary>
    public async Task KillAsync(GatewayNode gateway)
    {
        _gateways.Remove(gateway);
        await gateway.Process.KillAsync();
        Log($"killed {gateway}");
    }

    /// <summary>Stops every gateway, then every silo, gracefully (SIGTERM; killed after a grace period). Redis keeps running.</summary>
    public async Task StopNodesAsync()
    {
        var gateways = _gateways.ToList();
        _gateways.Clear();
        var gatewaysStopped = await Task.WhenAll(gateways.Select(gateway => gateway.Process.StopAsync(StopGrace)));
        var silos = _silos.ToList();
        _silos.Clear();
        var silosStopped = await Task.WhenAll(silos.Select(silo => silo.Process.StopAsync(StopGrace)));
        var killed = gateways.Select(g => g.Process).Concat(silos.Select(s => s.Process)).Zip(gatewaysStopped.Concat(silosStopped)).Where(entry => !entry.Second).Select(entry => entry.First.Name).ToList();
        Log(killed.Count == 0 ? "stopped all gateways and silos" : $"stopped all gateways and silos; killed after {StopGrace.TotalSeconds:0} s: {string.Join(", ", killed)}");
    }

    /// <summary>
    /// Runs a scenario; when it fails, the failure message gets the tail of every node's log
    /// and the cluster's folder is kept for inspection.
    /// </summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception ex)
        {
            _failed = true;
            throw new XunitException($"{ex.GetType().Name}: {ex.Message}\n\n{Diagnostics()}", ex);
        }
    }

    /// <summary>The tail of every process log (killed ones included), for failure messages.</summary>
    public string Diagnostics(int lines = 25)
    {
        var text = new StringBuilder($"Cluster {ClusterId}, logs in {WorkDirectory}\n");
        foreach (var process in Redis.Processes.Concat(_everStarted).ToList())
        {
            text.Append(CultureInfo.InvariantCulture, $"----- {process.Name} ({(process.HasExited ? "exited" : "running")}), last {lines} lines of {process.LogPath}:\n");
            text.Append(process.Tail(lines)).Append('\n');
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _silos.Clear();
        _gateways.Clear();
        var processes = _everStarted.ToList();
        _everStarted.Clear();
        await Task.WhenAll(processes.Select(async process => await process.DisposeAsync()));
        await Redis.DisposeAsync();

        var keep = _failed || Environment.GetEnvironmentVariable("ORLEANS_CHAT_KEEP_CLUSTER_LOGS") == "1";
        if (!keep)
        {
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left behind in the temp folder.
            }
        }
    }

    private SiloNode LaunchSilo()
    {
        var name = $"silo{++_siloCount}";
        var httpPort = FreePort.Next();
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var process = NodeProcess.Start(
            name,
            "dotnet",
            [
                RepositoryLayout.SiloDll,
                "--urls", $"http://127.0.0.1:{httpPort}",
                "--Orleans:SiloPort", Invariant(siloPort),
                "--Orleans:GatewayPort", Invariant(gatewayPort),
                // The room grain's "loaded" line tells the tests which silo hosts which room.
                "--Logging:LogLevel:Orleans.Chat.Grains.RoomGrain", "Debug",
                "--Logging:LogLevel:Orleans.Chat.Grains.ConversationGrain", "Debug",
            ],
            NodeEnvironment(),
            Path.GetDirectoryName(RepositoryLayout.SiloDll)!,
            Path.Combine(WorkDirectory, $"{name}.log"));
        _everStarted.Add(process);
        var silo = new SiloNode(name, process, new Uri($"http://127.0.0.1:{httpPort}"), siloPort, gatewayPort);
        _silos.Add(silo);
        Log($"starting {silo}");
        return silo;
    }

    private GatewayNode LaunchGateway()
    {
        var name = $"gateway{++_gatewayCount}";
        var gatewayId = $"{ClusterId}-{name}";
        var port = FreePort.Next();
        var process = NodeProcess.Start(
            name,
            "dotnet",
            [RepositoryLayout.GatewayDll, "--urls", $"http://127.0.0.1:{port}", "--Gateway:Id", gatewayId],
            NodeEnvironment(),
            Path.GetDirectoryName(RepositoryLayout.GatewayDll)!,
            Path.Combine(WorkDirectory, $"{name}.log"));
        _everStarted.Add(process);
        var gateway = new GatewayNode(name, gatewayId, process, new Uri($"http://127.0.0.1:{port}"), SigningKey);
        _gateways.Add(gateway);
        Log($"starting {gateway}");
        return gateway;
    }

    /// <summary>The cluster-mode environment of deploy/local-cluster.sh, with short leases and quiet logs.</summary>
    private Dictionary<string, string> NodeEnvironment() =>
        new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_NOLOGO"] = "1",
            ["Orleans__Membership"] = "Redis",
            ["Orleans__Storage"] = "Redis",
            ["Orleans__AdvertisedIP"] = "127.0.0.1",
            ["Orleans__ClusterId"] = ClusterId,
            ["Orleans__Dashboard"] = "false",
            ["Redis__ConnectionString"] = Redis.ConnectionString,
            ["Auth__SigningKey"] = SigningKey,
            ["Api__Key"] = ApiKey,
            ["Presence__LeaseTtl"] = LeaseTtl.ToString(),
            ["Gateway__LeaseRenewInterval"] = LeaseRenewInterval.ToString(),
            ["Calls__LivenessInterval"] = CallLivenessInterval.ToString(),
            ["Gateway__DemoPage"] = "false",
            // The chat-events feed, for the tests of backend services (the room bot).
            ["ChatEvents__Enabled"] = "true",
            // The tests send far more than a person would.
            ["Limits__EventsPerMinute"] = "1000000",
            ["Auth__DevTokensPerMinute"] = "100000",
            ["Api__RequestsPerMinute"] = "100000",
            // Every test client connects from 127.0.0.1: no per-address caps.
            ["Limits__ConnectionsPerAddress"] = "1000000",
            ["Limits__ConnectsPerAddressPerMinute"] = "1000000",
            ["Limits__ConnectBurstPerAddress"] = "1000000",
            ["SocketIo__MaxPendingSessions"] = "1000000",
            ["SocketIo__MaxPendingSessionsPerAddress"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
