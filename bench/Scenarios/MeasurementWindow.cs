using System.Diagnostics;
using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Measurement;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>Counters, server CPU and load generator CPU at one instant.</summary>
public readonly record struct Snapshot(
    long Timestamp, long ServerCpuMicros, long ClientCpuMicros, Dictionary<int, long> ServerWaits, Dictionary<int, long> ClientWaits,
    long ServerCoreBusyMicros, long ClientCoreBusyMicros, long Delivered, long Acked)
{
    public static Snapshot Take(ScenarioContext context, LiveStats stats)
    {
        using var self = Process.GetCurrentProcess();
        var server = context.Server;
        return new Snapshot(
            Stopwatch.GetTimestamp(), server.CpuMicros(), (long)self.TotalProcessorTime.TotalMicroseconds,
            server.RunQueueWaitMicros(), ProcessMetrics.RunQueueWaitMicros(Environment.ProcessId),
            ProcessMetrics.CpuBusyMicros(server.Cpus), ProcessMetrics.CpuBusyMicros(context.ClientCpus),
            stats.Delivered, stats.Acked);
    }
}

/// <summary>What happened between two snapshots.</summary>
public readonly record struct WindowDelta(
    double Seconds, long ServerCpuMicros, long ClientCpuMicros, long ServerWaitMicros, long ClientWaitMicros,
    long ServerCoreBusyMicros, long ClientCoreBusyMicros, long Delivered, long Acked)
{
    public static WindowDelta Between(Snapshot before, Snapshot after) => new(
        (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency,
        after.ServerCpuMicros - before.ServerCpuMicros,
        after.ClientCpuMicros - before.ClientCpuMicros,
        ProcessMetrics.RunQueueWaitBetween(before.ServerWaits, after.ServerWaits),
        ProcessMetrics.RunQueueWaitBetween(before.ClientWaits, after.ClientWaits),
        after.ServerCoreBusyMicros - before.ServerCoreBusyMicros,
        after.ClientCoreBusyMicros - before.ClientCoreBusyMicros,
        after.Delivered - before.Delivered,
        after.Acked - before.Acked);

    /// <summary>CPU time other processes took on the server's cores, as % of one core over the window.</summary>
    public double OtherLoadServerCorePct => Math.Max(0, ServerCoreBusyMicros - ServerCpuMicros) / (Seconds * 10_000);

    /// <summary>CPU time other processes took on the load generator's cores, as % of one core over the window.</summary>
    public double OtherLoadClientCorePct => Math.Max(0, ClientCoreBusyMicros - ClientCpuMicros) / (Seconds * 10_000);

    /// <summary>
    /// Runnable-but-waiting time of the server's threads (summed) as a share of the window: behind
    /// other processes and behind the server's own threads on its single core.
    /// </summary>
    public double ServerWaitPct => ServerWaitMicros / (Seconds * 10_000);

    public double ClientWaitPct => ClientWaitMicros / (Seconds * 10_000);

    public double DeliveredPerSec => Delivered / Seconds;
    public double AckedPerSec => Acked / Seconds;
    public double ServerCpuPct => ServerCpuMicros / (Seconds * 10_000);
    public double ClientCpuPct => ClientCpuMicros / (Seconds * 10_000);
    public double? ServerCpuUsPerMessage => Delivered > 0 ? ServerCpuMicros / (double)Delivered : null;
}

public static class ServerIdle
{
    /// <summary>
    /// Waits until the server uses under 10 % of a core over half a second (it finished what the
    /// previous step gave it), or <paramref name="maxWait"/> passed. Returns whether it went idle.
    /// </summary>
    public static async Task<bool> WaitAsync(TargetServer server, TimeSpan maxWait)
    {
        var deadline = Stopwatch.StartNew();
        var previous = server.CpuMicros();
        while (deadline.Elapsed < maxWait)
        {
            await Task.Delay(500);
            var now = server.CpuMicros();
            if (now - previous < 50_000)
            {
                return true;
            }

            previous = now;
        }

        return false;
    }
}
