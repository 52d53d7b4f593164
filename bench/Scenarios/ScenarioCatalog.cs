using Orleans.Chat.Bench.Cli;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>The scenarios of a run, in the order they run against each target (idle first, on a fresh server).</summary>
public static class ScenarioCatalog
{
    /// <summary>Total message rate of the latency scenario: well within what every baseline sustains here.</summary>
    public const int DefaultLatencyRate = 100;

    public static IReadOnlyList<Scenario> For(BenchOptions options)
    {
        var quick = options.Quick;
        var idleSizes = options.IdleSizes ?? (quick ? [2000] : [10_000, 50_000]);
        var settle = TimeSpan.FromSeconds(options.IdleSettleSeconds ?? (quick ? 3 : 10));
        var idleCpu = TimeSpan.FromSeconds(10); // covers one gateway lease renewal (Gateway:LeaseRenewInterval, 10 s)
        var latencyRate = options.LatencyRate ?? DefaultLatencyRate;

        List<Scenario> all =
        [
            .. idleSizes.Select(n => new IdleScenario(n, settle, idleCpu)),
            new ConnectRateScenario(quick ? 2000 : 5000, 32),
            new ConnectChurnScenario(32),
            new FanoutScenario(10, senders: 4, window: 8),
            new FanoutScenario(100, senders: 4, window: 8),
            new FanoutScenario(1000, senders: 4, window: 8),
            new ReadReceiptsScenario(100, senders: 4, window: 8),
            new LatencyScenario(100, senders: 4, latencyRate),
            quick ? new ManyRoomsScenario(200, 10, window: 2) : new ManyRoomsScenario(1000, 10, window: 2),
            new ConversationsScenario(quick ? 1000 : 2500, window: 1),
            new FilesScenario(sizeMb: 25, files: quick ? 2 : 4, downloaders: 20),
        ];

        if (options.Scenarios is not { Count: > 0 } filter)
        {
            return all;
        }

        // Only when asked for (--scenarios many-rooms or its name): 100 rooms, the cluster figures' size.
        all.Insert(all.FindIndex(s => s is ManyRoomsScenario), new ManyRoomsScenario(100, 10, window: 2));

        // A name, or the start of names up to a dash: "fanout" is every fan-out, "fanout-10" only that one.
        return [.. all.Where(s => filter.Any(f => s.Name == f || s.Name.StartsWith(f + "-", StringComparison.Ordinal)))];
    }

    // Quick warm-up 5 s like the full run: at 2 s a fresh server's first scenario still measured
    // tier-up (Orleans.Chat fanout-100 first on a fresh server: 0.87M median of 3 at 2 s, 1.20M at 10 s).
    public static (TimeSpan Warmup, TimeSpan Measure) Durations(BenchOptions options) => (
        TimeSpan.FromSeconds(options.WarmupSeconds ?? 5),
        TimeSpan.FromSeconds(options.MeasureSeconds ?? (options.Quick ? 5 : 20)));
}
