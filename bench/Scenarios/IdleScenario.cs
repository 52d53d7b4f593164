using System.Diagnostics;
using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// <c>count</c> connected, authenticated, idle connections (no room). Measures the server's
/// resident memory per connection, (RSS with them - RSS before) / count, its live managed heap per
/// connection (.NET servers: dotnet-gcdump before and after), the CPU it spends keeping them
/// (keep-alives, leases) and, for Orleans.Chat, the grain calls per second that costs and the grain
/// activations per connection (its /metrics). Runs first on a fresh server process.
/// </summary>
public sealed class IdleScenario(int count, TimeSpan settle, TimeSpan idleCpuWindow) : Scenario
{
    private const int FileDescriptorMargin = 1000;

    public override string Name => count % 1000 == 0 ? $"idle-{count / 1000}k" : $"idle-{count}";

    public override string Description =>
        $"{count} idle authenticated connections from {Net.LoopbackSources.Count} source addresses; server RSS and live heap per connection, idle CPU, Orleans grain calls/s and activations per connection";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        if (count + FileDescriptorMargin > context.FileDescriptorLimit)
        {
            return Skip(context, $"needs {count} sockets in the server and in the load generator; RLIMIT_NOFILE is {context.FileDescriptorLimit} (hard limit)");
        }

        var server = context.Server;
        var stats = new LiveStats();

        // Warm the connect path once, so the baseline includes what the first connection loads.
        var warm = context.NewFleet(stats);
        await warm.ConnectAsync($"w-{Name}-{context.RunId}", 20, 20, idle: true, cancellationToken);
        await warm.CloseAllAsync();
        await ServerIdle.WaitAsync(server, TimeSpan.FromSeconds(30));
        var rssBefore = await AverageRssAsync(server);
        var rolesBefore = server.RssKbByRole();

        // After the RSS reading: the dump's full GC must not lower the baseline RSS.
        var dotnet = server.Target.Server is not Servers.ServerKind.SocketIoNode;
        var (heapBefore, heapError) = dotnet ? await GatewayLiveHeapAsync(server) : (null, null);
        var upkeepStart = OrleansUpkeep.Of(await MetricsScrape.TakeAsync(server));

        var fleet = context.NewFleet(stats);
        using var keepAliveStop = new CancellationTokenSource();
        var keepAlive = fleet.KeepAliveAsync(server.Target.Protocol.KeepAliveInterval, keepAliveStop.Token);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var clients = await fleet.ConnectAsync($"u-{Name}-{context.RunId}", count, ConnectConcurrency, idle: true, cancellationToken);
            var connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            await Task.Delay(settle, cancellationToken);
            await ServerIdle.WaitAsync(server, TimeSpan.FromSeconds(60));
            var rssAfter = await AverageRssAsync(server);
            var rolesAfter = server.RssKbByRole();

            // The scrapes bracket the CPU window, outside it: scraping costs the server CPU.
            var upkeepBefore = OrleansUpkeep.Of(await MetricsScrape.TakeAsync(server));
            var scrapedBefore = Stopwatch.GetTimestamp();
            var before = Snapshot.Take(context, stats);
            await Task.Delay(idleCpuWindow, cancellationToken);
            var window = WindowDelta.Between(before, Snapshot.Take(context, stats));
            var upkeepAfter = OrleansUpkeep.Of(await MetricsScrape.TakeAsync(server));
            var upkeepSeconds = Stopwatch.GetElapsedTime(scrapedBefore).TotalSeconds;
            var open = clients.Count(c => c.IsOpen);

            (long? Bytes, string? Error) heapAfter = dotnet && heapBefore is not null ? await GatewayLiveHeapAsync(server) : (null, heapError);
            double? liveHeapKb = heapBefore is { } hb && heapAfter.Bytes is { } ha && clients.Count > 0 ? (ha - hb) / 1024.0 / clients.Count : null;

            var notes = new List<string>
            {
                $"RSS {rssBefore / 1024.0:F0} MB before, {rssAfter / 1024.0:F0} MB with {clients.Count} connections",
                $"connected in {connectSeconds:F1} s",
                $"idle server CPU {window.ServerCpuPct:F1} % of a core over {window.Seconds:F0} s ({window.ServerCpuMicros / window.Seconds / Math.Max(1, clients.Count):F2} µs per connection per second)",
            };
            if (rolesBefore.Count > 1 && clients.Count > 0)
            {
                // Cluster: what each role holds per connection (the gateways hold the connections, the silos the grains).
                notes.Add("RSS per connection by role: " + string.Join(", ", rolesAfter.Select(role =>
                    $"{role.Key} {(role.Value - rolesBefore.GetValueOrDefault(role.Key)) / (double)clients.Count:F1} kB")));
            }

            if (liveHeapKb is not null)
            {
                notes.Add($"live heap (dotnet-gcdump; a cluster's gateways only) {heapBefore!.Value / 1048576.0:F1} MB before, {heapAfter.Bytes!.Value / 1048576.0:F1} MB with the connections");
            }
            else if (heapAfter.Error is { } error)
            {
                notes.Add($"live heap not measured: {error}");
            }

            double? callsPerSec = null;
            double? activationsPerConnection = null;
            if (upkeepStart is not null && upkeepBefore is not null && upkeepAfter is not null && clients.Count > 0)
            {
                callsPerSec = (upkeepAfter.GrainCalls - upkeepBefore.GrainCalls) / upkeepSeconds;
                activationsPerConnection = (upkeepAfter.Activations - upkeepStart.Activations) / clients.Count;
                notes.Add($"idle Orleans upkeep over {upkeepSeconds:F0} s: {callsPerSec:F0} grain calls/s ({OrleansUpkeep.GrainCallsSeries}), " +
                    $"{(upkeepAfter.DispatcherRequests - upkeepBefore.DispatcherRequests) / upkeepSeconds:F0} requests/s received by grains incl. one-way ({OrleansUpkeep.DispatcherSeries}); " +
                    $"activations {upkeepStart.Activations:F0} -> {upkeepAfter.Activations:F0} ({OrleansUpkeep.ActivationsSeries}: {upkeepAfter.GrowthSince(upkeepStart)})");
            }

            if (open < clients.Count)
            {
                notes.Add($"{clients.Count - open} dropped while idle");
            }

            notes.AddRange(stats.ErrorSamples.Select(e => $"error: {e}"));
            return new ScenarioResult
            {
                Name = Name,
                Target = server.Target.Name,
                KbPerConnection = clients.Count > 0 ? (rssAfter - rssBefore) / (double)clients.Count : null,
                LiveHeapKbPerConnection = liveHeapKb,
                IdleGrainCallsPerSec = callsPerSec,
                ActivationsPerConnection = activationsPerConnection,
                ServerRssMb = rssAfter / 1024.0,
                ServerCpuPct = window.ServerCpuPct,
                ServerWaitPct = window.ServerWaitPct,
                OtherLoadServerCorePct = window.OtherLoadServerCorePct,
                OtherLoadClientCorePct = window.OtherLoadClientCorePct,
                ConnectsPerSec = clients.Count / connectSeconds,
                Connections = clients.Count,
                Errors = fleet.ConnectFailures + (clients.Count - open),
                MeasuredSeconds = window.Seconds,
                LoadAverage = ProcessMetrics.LoadAverage(),
                Notes = string.Join("; ", notes),
            };
        }
        finally
        {
            await keepAliveStop.CancelAsync();
            await keepAlive;
            await fleet.CloseAllAsync();
            await ServerIdle.WaitAsync(server, TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>
    /// The live managed heap of the processes that hold the connections: the one server, or every gateway
    /// of a cluster target (the connections are spread over them; its silos hold grains, not connections).
    /// </summary>
    private static async Task<(long? Bytes, string? Error)> GatewayLiveHeapAsync(Servers.TargetServer server)
    {
        long total = 0;
        foreach (var node in server.ConnectionHolders)
        {
            var (bytes, error) = await GcDump.LiveHeapBytesAsync(node.Pid);
            if (bytes is null)
            {
                return (null, error);
            }

            total += bytes.Value;
        }

        return (total, null);
    }

    private static async Task<long> AverageRssAsync(Servers.TargetServer server)
    {
        long total = 0;
        for (var i = 0; i < 3; i++)
        {
            total += server.RssKb();
            await Task.Delay(300);
        }

        return total / 3;
    }
}
