using System.Diagnostics;
using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// Opens <c>count</c> connections, <c>concurrency</c> at a time, each through to a ready session
/// (upgrade, authentication, and whatever the server does on connect). Measures connections
/// per second, server CPU per connection and connect-time percentiles. A warm-up opens and closes
/// connections of other users first, so that the window measures the steady connect path and
/// not the JIT tiering of a fresh process (which dominated it: 0.5-0.9 s of JIT per second).
/// </summary>
public sealed class ConnectRateScenario(int count, int concurrency) : Scenario
{
    public override string Name => "connect-rate";

    public override string Description => $"{count} connections of new users, {concurrency} at a time, to a ready (authenticated) session, after a warm-up of other users connecting and closing";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var server = context.Server;
        await WarmUpAsync(context, cancellationToken);
        var stats = new LiveStats();
        var fleet = context.NewFleet(stats);
        try
        {
            var before = Snapshot.Take(context, stats);
            var clusterBefore = ClusterReading.Take(server);
            var clients = await fleet.ConnectAsync($"u-{Name}-{context.RunId}", count, concurrency, idle: true, cancellationToken);
            var window = WindowDelta.Between(before, Snapshot.Take(context, stats));
            var notes = new List<string> { "p50/p99 are connect times (TCP connect to ready session)" };
            if (ClusterReading.Describe(clusterBefore, ClusterReading.Take(server), clients.Count, "connect", clients.Count, "connect") is { } cluster)
            {
                notes.Add(cluster);
            }

            notes.AddRange(stats.ErrorSamples.Select(e => $"error: {e}"));
            return ScenarioResult.Connects(Name, server.Target.Name, window, clients.Count, fleet.ConnectTimes, fleet.ConnectFailures, notes);
        }
        finally
        {
            await fleet.CloseAllAsync();
            await ServerIdle.WaitAsync(server, TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Connects and closes batches of warm-up users for the warm-up time, then waits for the server to go idle.</summary>
    private async Task WarmUpAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        for (var batch = 0; elapsed.Elapsed < context.Warmup; batch++)
        {
            var fleet = context.NewFleet(new LiveStats());
            try
            {
                await fleet.ConnectAsync($"u-{Name}-warm{batch}-{context.RunId}", Math.Min(count, 250), concurrency, idle: true, cancellationToken);
            }
            finally
            {
                await fleet.CloseAllAsync();
            }
        }

        await ServerIdle.WaitAsync(context.Server, TimeSpan.FromSeconds(60));
    }
}
