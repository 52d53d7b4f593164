using System.Globalization;
using System.Net;
using Orleans.Chat.Bench.Net;

namespace Orleans.Chat.Bench.Servers;

/// <summary>
/// The cluster target: a redis-server (membership, grain storage, files) with its data in a
/// scratch folder, <see cref="Silos"/> silos and <see cref="Gateways"/> gateways in cluster
/// mode, as deploy/local-cluster.sh runs them, every process pinned to the server CPUs so its
/// CPU time compares with a single node's per core-second. Ports are free loopback ports;
/// the cluster id is new per start.
/// </summary>
public static class LocalCluster
{
    public const int Silos = 2;
    public const int Gateways = 2;

    private static readonly TimeSpan RedisStartTimeout = TimeSpan.FromSeconds(20);

    public static async Task<TargetServer> StartAsync(
        TargetDefinition target, RepoPaths paths, string cpus,
        IReadOnlyDictionary<string, string> environment, IReadOnlyList<KeyValuePair<string, string>> gatewayConfig)
    {
        LeftoverProcesses.KillFrom(PidFile(paths, target));
        var scratch = Directory.CreateTempSubdirectory($"orleans-chat-bench-{target.Name}-").FullName;
        var started = new List<(string Role, TargetServer Node)>();
        try
        {
            var redisPort = LoopbackSources.FreePort();
            var redisStart = TargetServer.PinnedStart(cpus, environment);
            redisStart.WorkingDirectory = scratch;
            // The durability of deploy/local-cluster.sh (append-only file, fsync every second), without
            // the RDB snapshots whose forks would land in a measured window.
            Add(redisStart, "redis-server", "--port", Invariant(redisPort), "--bind", "127.0.0.1", "--dir", scratch,
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no", "--logfile", "");
            var redis = await TargetServer.LaunchAsync(target, $"{target.Name}-redis", redisStart, paths,
                new IPEndPoint(IPAddress.Loopback, redisPort), id => id, cpus, health: null);
            started.Add((TargetServer.RedisRole, redis));
            LeftoverProcesses.Record(PidFile(paths, target), redis.Pid);
            var probe = new RedisProbe(redisPort);
            await probe.WaitReadyAsync(redis, RedisStartTimeout);

            var key = JwtIssuer.NewSigningKey();
            var issuer = new JwtIssuer(key);
            var nodeEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal)
            {
                ["Orleans__Membership"] = "Redis",
                ["Orleans__Storage"] = "Redis",
                ["Orleans__AdvertisedIP"] = "127.0.0.1",
                ["Orleans__ClusterId"] = $"bench-{Guid.NewGuid().ToString("N")[..8]}",
                ["Orleans__Dashboard"] = "false",
                ["Redis__ConnectionString"] = $"127.0.0.1:{Invariant(redisPort)}",
                ["Auth__SigningKey"] = key, // not on the command line: it shows in ps
            };

            // Silos first: a gateway is ready only once it reaches one.
            var silos = await LaunchAllAsync(started, TargetServer.SiloRole, Enumerable.Range(1, Silos).Select(i =>
            {
                var httpPort = LoopbackSources.FreePort();
                var start = TargetServer.PinnedStart(cpus, nodeEnvironment);
                start.WorkingDirectory = paths.SiloOutput;
                Add(start, "dotnet", paths.SiloDll, "--urls", $"http://127.0.0.1:{Invariant(httpPort)}",
                    "--Orleans:SiloPort", Invariant(LoopbackSources.FreePort()),
                    "--Orleans:GatewayPort", Invariant(LoopbackSources.FreePort()));
                return TargetServer.LaunchAsync(target, $"{target.Name}-silo{i}", start, paths,
                    new IPEndPoint(IPAddress.Loopback, httpPort), issuer.TokenFor, cpus, new Uri($"http://127.0.0.1:{Invariant(httpPort)}/health/live"));
            }), paths, target);

            var gateways = await LaunchAllAsync(started, TargetServer.GatewayRole, Enumerable.Range(1, Gateways).Select(i =>
            {
                var port = LoopbackSources.FreePort();
                var start = TargetServer.PinnedStart(cpus, nodeEnvironment);
                start.WorkingDirectory = paths.GatewayOutput;
                Add(start, "dotnet", paths.GatewayDll, "--urls", $"http://127.0.0.1:{Invariant(port)}", "--Gateway:Id", $"{target.Name}-gateway{i}");
                TargetServer.AddGatewayLimits(start, gatewayConfig);
                return TargetServer.LaunchAsync(target, $"{target.Name}-gateway{i}", start, paths,
                    new IPEndPoint(IPAddress.Loopback, port), issuer.TokenFor, cpus, new Uri($"http://127.0.0.1:{Invariant(port)}/health/ready"));
            }), paths, target);

            // Stopped in this order: gateways, then silos (they deactivate into Redis), then Redis.
            List<(string, TargetServer)> companions =
                [.. gateways.Skip(1).Select(g => (TargetServer.GatewayRole, g)), .. silos.Select(s => (TargetServer.SiloRole, s)), (TargetServer.RedisRole, redis)];
            return TargetServer.Group(gateways[0], companions, probe, scratch);
        }
        catch
        {
            // Newest first: gateways, silos, then Redis.
            for (var i = started.Count - 1; i >= 0; i--)
            {
                await started[i].Node.DisposeAsync();
            }

            Directory.Delete(scratch, recursive: true);
            throw;
        }
    }

    /// <summary>Starts processes at once and waits for all; every one that started is in <paramref name="started"/>, even on failure.</summary>
    private static async Task<List<TargetServer>> LaunchAllAsync(
        List<(string Role, TargetServer Node)> started, string role, IEnumerable<Task<TargetServer>> launches, RepoPaths paths, TargetDefinition target)
    {
        var tasks = launches.ToList();
        try
        {
            await Task.WhenAll(tasks);
        }
        finally
        {
            foreach (var task in tasks.Where(t => t.IsCompletedSuccessfully))
            {
                started.Add((role, task.Result));
                LeftoverProcesses.Record(PidFile(paths, target), task.Result.Pid);
            }
        }

        return [.. tasks.Select(t => t.Result)];
    }

    /// <summary>The processes a run started, so that the next run can end those a killed harness left behind.</summary>
    private static string PidFile(RepoPaths paths, TargetDefinition target) => Path.Combine(paths.Logs, $"{target.Name}.pids");

    private static void Add(System.Diagnostics.ProcessStartInfo start, params string[] arguments)
    {
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
