using System.Diagnostics;
using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// Users come and go: <c>concurrency</c> workers each connect a new user to a ready session and close
/// it again, over and over, through the warm-up and then the measured window. Reports cycles per
/// second and server CPU per cycle (a connect and its close), at a steady state that lasts as long
/// as the window: connect-rate's burst of a few thousand connects lasts under two seconds and its
/// rounds spread 2x here.
/// </summary>
public sealed class ConnectChurnScenario(int concurrency) : Scenario
{
    /// <summary>Client index = cycle * stride + worker: unique per cycle, and a worker keeps its source address.</summary>
    private const int IndexStride = 1024;

    public override string Name => "connect-churn";

    public override string Description => $"{concurrency} workers each connecting a new user to a ready (authenticated) session and closing it, again and again; per connect + close";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var server = context.Server;
        var stats = new LiveStats();
        var cycles = new ChurnCounters();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, concurrency)
            .Select(worker => Task.Run(() => ChurnAsync(context, stats, cycles, worker, stop.Token), CancellationToken.None))
            .ToArray();
        try
        {
            await Task.Delay(context.Warmup, cancellationToken);
            var before = Snapshot.Take(context, stats);
            var (cyclesBefore, failuresBefore) = cycles.Read();
            cycles.OpenWindow();
            await Task.Delay(context.Measure, cancellationToken);
            var window = WindowDelta.Between(before, Snapshot.Take(context, stats));
            var (cyclesAfter, failuresAfter) = cycles.Read();
            var done = cyclesAfter - cyclesBefore;
            var notes = new List<string> { "each connection is a connect to a ready session and its close; p50/p99 are connect times (TCP connect to ready session)" };
            notes.AddRange(stats.ErrorSamples.Select(e => $"error: {e}"));
            return ScenarioResult.Connects(Name, server.Target.Name, window, done, cycles.Times, failuresAfter - failuresBefore, notes);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await ServerIdle.WaitAsync(server, TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>One worker's loop: connect a new user, wait for the ready session, close; until stopped.</summary>
    private static async Task ChurnAsync(ScenarioContext context, LiveStats stats, ChurnCounters cycles, int worker, CancellationToken stop)
    {
        var server = context.Server;
        var endpoints = server.Endpoints;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            // Index spreads the source addresses (and a cluster's gateways) over the workers' cycles.
            var index = (n * IndexStride) + worker;
            var userId = $"u-churn-{context.RunId}-{worker}-{n}";
            var client = new BenchClient(index, userId, server.TokenFor(userId), server.Target.Protocol, stats);
            var start = Stopwatch.GetTimestamp();
            try
            {
                await client.ConnectAsync(endpoints[index % endpoints.Count], idle: true, stop);
                cycles.Times.Record(BenchClient.MicrosSince(start));
                await client.CloseAsync();
                cycles.Completed();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                client.Abort();
            }
            catch (Exception ex)
            {
                client.Abort();
                if (cycles.Failed() <= 3)
                {
                    stats.Sample($"connect: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
    }

    /// <summary>Cycles and failures so far, and the connect times since the window opened.</summary>
    private sealed class ChurnCounters
    {
        private long _completed;
        private long _failed;

        private LatencyHistogram _times = new();

        /// <summary>Connect times since <see cref="OpenWindow"/> (the warm-up's before it).</summary>
        public LatencyHistogram Times => Volatile.Read(ref _times);

        public void OpenWindow() => Volatile.Write(ref _times, new LatencyHistogram());

        public void Completed() => Interlocked.Increment(ref _completed);

        public long Failed() => Interlocked.Increment(ref _failed);

        public (long Completed, long Failed) Read() => (Interlocked.Read(ref _completed), Interlocked.Read(ref _failed));
    }
}
