using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>One scenario against one target. Fields that do not apply are null.</summary>
public sealed record ScenarioResult
{
    public required string Name { get; init; }
    public required string Target { get; init; }

    /// <summary>new-message events received per second, by all clients together.</summary>
    public double? DeliveredPerSec { get; init; }

    /// <summary>Send-to-receipt latency (connect-rate: connect time).</summary>
    public double? P50Ms { get; init; }
    public double? P99Ms { get; init; }
    public double? P999Ms { get; init; }

    /// <summary>Server CPU time (user + system, whole process tree) per delivered message, in microseconds.</summary>
    public double? ServerCpuUsPerMsg { get; init; }

    /// <summary>Server RSS growth per idle connection, in kB.</summary>
    public double? KbPerConnection { get; init; }

    /// <summary>Growth of the server's live managed heap (after a full GC, dotnet-gcdump) per idle connection, in kB; .NET servers only.</summary>
    public double? LiveHeapKbPerConnection { get; init; }

    /// <summary>Orleans grain calls per second while the connections idle (Orleans.Chat targets, from /metrics).</summary>
    public double? IdleGrainCallsPerSec { get; init; }

    /// <summary>Application grain activations added per idle connection (Orleans.Chat targets, from /metrics).</summary>
    public double? ActivationsPerConnection { get; init; }

    public long? Lost { get; init; }
    public long? Duplicated { get; init; }
    public long? Reordered { get; init; }

    // Beyond the required fields.
    public double? SentPerSec { get; init; }
    public double? TargetRatePerSec { get; init; }
    public double? ConnectsPerSec { get; init; }
    public double? ServerCpuUsPerConnect { get; init; }
    public double? ServerCpuPct { get; init; }
    public double? ClientCpuPct { get; init; }

    /// <summary>CPU other processes used on the server's core / the load generator's core, % of a core: the noise.</summary>
    public double? OtherLoadServerCorePct { get; init; }
    public double? OtherLoadClientCorePct { get; init; }

    /// <summary>Time the server's threads were runnable but waited for a CPU (behind other processes or each other), summed, % of the window.</summary>
    public double? ServerWaitPct { get; init; }
    public double? ClientWaitPct { get; init; }
    public double? ServerRssMb { get; init; }
    public int? Connections { get; init; }
    public long? ExpectedDeliveries { get; init; }
    public long Errors { get; init; }
    public double? MeasuredSeconds { get; init; }
    public string LoadAverage { get; init; } = string.Empty;
    public string? Notes { get; init; }
    public string? Skipped { get; init; }

    /// <summary>The figures every measured window gives: CPU of server and load generator, run-queue waits, other load.</summary>
    public static ScenarioResult Measured(string name, string target, WindowDelta window) => new()
    {
        Name = name,
        Target = target,
        ServerCpuPct = window.ServerCpuPct,
        ClientCpuPct = window.ClientCpuPct,
        ServerWaitPct = window.ServerWaitPct,
        OtherLoadServerCorePct = window.OtherLoadServerCorePct,
        OtherLoadClientCorePct = window.OtherLoadClientCorePct,
        ClientWaitPct = window.ClientWaitPct,
        MeasuredSeconds = window.Seconds,
        LoadAverage = ProcessMetrics.LoadAverage(),
    };

    /// <summary>A connect scenario's figures: <paramref name="connects"/> in the window, their connect times, server CPU per connect.</summary>
    public static ScenarioResult Connects(
        string name, string target, WindowDelta window, long connects, LatencyHistogram connectTimes, long errors, IEnumerable<string> notes) =>
        Measured(name, target, window) with
        {
            ConnectsPerSec = connects / window.Seconds,
            ServerCpuUsPerConnect = connects > 0 ? window.ServerCpuMicros / (double)connects : null,
            P50Ms = connectTimes.PercentileMs(50),
            P99Ms = connectTimes.PercentileMs(99),
            P999Ms = connectTimes.PercentileMs(99.9),
            Connections = (int)connects,
            Errors = (int)errors,
            Notes = string.Join("; ", notes),
        };
}
