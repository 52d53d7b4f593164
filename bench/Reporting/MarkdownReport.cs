using System.Globalization;
using System.Text;
using Orleans.Chat.Bench.Scenarios;

namespace Orleans.Chat.Bench.Reporting;

/// <summary>The results table with its conditions, for bench/results/&lt;date&gt;.md and latest.md.</summary>
public static class MarkdownReport
{
    private static readonly string[] OurTargets = ["orleans-chat", "orleans-chat-socketio", "orleans-chat-cluster"];
    private static readonly string[] Baselines = ["signalr", "signalr-jwt", "signalr-grains", "socketio-node", "kestrel-ws"];

    public static string Render(IReadOnlyList<ScenarioResult> results, RunConditions conditions, IReadOnlyList<Scenario> scenarios)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Orleans.Chat benchmark, {conditions.Started:yyyy-MM-dd HH:mm zzz}{(conditions.Quick ? " (--quick)" : string.Empty)}");
        md.AppendLine();
        md.AppendLine("| condition | value |");
        md.AppendLine("| --- | --- |");
        Row(md, "machine", conditions.Machine);
        Row(md, "cores", $"{conditions.Cores}; {conditions.Pinning}");
        Row(md, "load average (1, 5, 15 min)", $"{conditions.LoadAverageAtStart} at start, {conditions.LoadAverageAtEnd} at the end (other work on the machine counts: see the load column)");
        Row(md, "versions", conditions.Versions);
        Row(md, "commit", conditions.Commit);
        Row(md, "durations", conditions.Durations);
        Row(md, "message content", $"{conditions.ContentBytes} bytes");
        Row(md, "rounds", conditions.Rounds == 1 ? "1" : $"{conditions.Rounds}, targets interleaved; each row is the median round");
        Row(md, "server settings", $"{conditions.ServerTuning} (Orleans.Chat: Production environment, dashboard off, Limits:EventsPerMinute 1000000, otherwise its defaults)");
        Row(md, "RLIMIT_NOFILE", conditions.FileDescriptorLimit.ToString(CultureInfo.InvariantCulture));
        Row(md, "run time", $"{(conditions.Finished - conditions.Started).TotalMinutes:F1} min");
        md.AppendLine();

        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine("| scenario | target | delivered/s | acked msg/s | p50 ms | p99 ms | p99.9 ms | server µs/msg | server CPU % | load gen CPU % | other load on server / gen core % | kB/conn | conn/s | server µs/conn | RSS MB | lost | dup | reord | errors | load avg |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results)
        {
            if (r.Skipped is not null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Target} | skipped: {r.Skipped} ||||||||||||||||| {r.LoadAverage} |");
                continue;
            }

            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Target} | {N(r.DeliveredPerSec, 0)} | {N(r.SentPerSec, 0)} | {N(r.P50Ms, 2)} | {N(r.P99Ms, 2)} | {N(r.P999Ms, 2)} | {N(r.ServerCpuUsPerMsg, 2)} | {N(r.ServerCpuPct, 0)} | {N(r.ClientCpuPct, 0)} | {N(r.OtherLoadServerCorePct, 0)} / {N(r.OtherLoadClientCorePct, 0)} | {N(r.KbPerConnection, 1)} | {N(r.ConnectsPerSec, 0)} | {N(r.ServerCpuUsPerConnect, 0)} | {N(r.ServerRssMb, 0)} | {r.Lost?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {r.Duplicated?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {r.Reordered?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {r.Errors} | {r.LoadAverage} |");
        }

        md.AppendLine();
        IdleTable.Render(md, results);
        RenderRatios(md, results);

        md.AppendLine("## Notes");
        md.AppendLine();
        foreach (var r in results.Where(r => !string.IsNullOrEmpty(r.Notes)))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{r.Name} / {r.Target}**: {r.Notes}");
        }

        md.AppendLine();
        md.AppendLine("## Scenarios");
        md.AppendLine();
        foreach (var scenario in scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{scenario.Name}**: {scenario.Description}");
        }

        md.AppendLine();
        md.AppendLine("delivered/s: new-message events received by all clients together; server µs/msg: server CPU time (user+system, process tree) per delivered message;");
        md.AppendLine("kB/conn: (server RSS with the idle connections - RSS before) / connections; other load on server / gen core: CPU time other processes");
        md.AppendLine("took on the server's and the load generator's core during the window (/proc/stat minus the pinned process), % of the core. See bench/README.md.");
        return md.ToString();
    }

    private static void RenderRatios(StringBuilder md, IReadOnlyList<ScenarioResult> results)
    {
        var rows = new List<string>();
        foreach (var group in results.Where(r => r.Skipped is null).GroupBy(r => r.Name))
        {
            foreach (var ours in group.Where(r => OurTargets.Contains(r.Target)))
            {
                // The cluster also against single node, in the same run.
                foreach (var baseline in group.Where(r => Baselines.Contains(r.Target) || (ours.Target == "orleans-chat-cluster" && r.Target == "orleans-chat")))
                {
                    foreach (var (metric, value, digits) in MetricsOf(group.Key))
                    {
                        if (value(ours) is { } a && value(baseline) is { } b && b > 0)
                        {
                            rows.Add(string.Create(CultureInfo.InvariantCulture,
                                $"| {group.Key} | {ours.Target} | {baseline.Target} | {metric} | {N(a, digits)} | {N(b, digits)} | {a / b:F2} |"));
                        }
                    }
                }
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine("## Ratios: ours / baseline");
        md.AppendLine();
        md.AppendLine("| scenario | ours | baseline | metric | ours | baseline | ratio |");
        md.AppendLine("| --- | --- | --- | --- | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            md.AppendLine(row);
        }

        md.AppendLine();
    }

    /// <summary>The figures worth comparing for a scenario: name (and which way is better), value, decimals.</summary>
    private static IEnumerable<(string Metric, Func<ScenarioResult, double?> Value, int Digits)> MetricsOf(string scenario)
    {
        if (scenario.StartsWith("idle", StringComparison.Ordinal))
        {
            yield return ("kB/conn (lower is better)", r => r.KbPerConnection, 1);
            yield return ("idle server CPU % (lower is better)", r => r.ServerCpuPct, 1);
            yield return ("live heap kB/conn (lower is better)", r => r.LiveHeapKbPerConnection, 1);
        }
        else if (scenario.StartsWith("connect-churn", StringComparison.Ordinal))
        {
            yield return ("connect + close cycles/s (higher is better)", r => r.ConnectsPerSec, 0);
            yield return ("server µs/cycle (lower is better)", r => r.ServerCpuUsPerConnect, 0);
        }
        else if (scenario.StartsWith("connect-rate", StringComparison.Ordinal))
        {
            yield return ("conn/s (higher is better)", r => r.ConnectsPerSec, 0);
            yield return ("server µs/conn (lower is better)", r => r.ServerCpuUsPerConnect, 0);
        }
        else if (scenario.StartsWith("latency", StringComparison.Ordinal))
        {
            yield return ("p50 ms (lower is better)", r => r.P50Ms, 2);
            yield return ("p99 ms (lower is better)", r => r.P99Ms, 2);
            yield return ("server µs/msg (lower is better)", r => r.ServerCpuUsPerMsg, 2);
        }
        else
        {
            yield return ("delivered/s (higher is better)", r => r.DeliveredPerSec, 0);
            yield return ("server µs/msg (lower is better)", r => r.ServerCpuUsPerMsg, 2);
            yield return ("p99 ms (lower is better)", r => r.P99Ms, 1);
        }
    }

    private static void Row(StringBuilder md, string name, string value) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");

    private static string N(double? value, int digits) =>
        value is { } v ? v.ToString($"N{digits}", CultureInfo.InvariantCulture) : "-";
}
