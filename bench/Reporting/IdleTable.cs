using System.Globalization;
using System.Text;
using Orleans.Chat.Bench.Scenarios;

namespace Orleans.Chat.Bench.Reporting;

/// <summary>
/// The idle scenarios' own table: what one idle connection costs, by size, so the growth from one
/// size to the next shows (memory per connection, CPU, and Orleans.Chat's grain upkeep).
/// </summary>
public static class IdleTable
{
    public static void Render(StringBuilder md, IReadOnlyList<ScenarioResult> results)
    {
        var idle = results.Where(r => r.Skipped is null && r.Name.StartsWith("idle", StringComparison.Ordinal))
            .OrderBy(r => r.Target, StringComparer.Ordinal).ThenBy(r => r.Connections)
            .ToList();
        if (idle.Count == 0)
        {
            return;
        }

        md.AppendLine("## Idle connections");
        md.AppendLine();
        md.AppendLine("| scenario | target | connections | RSS kB/conn | live heap kB/conn | RSS MB | idle server CPU % | µs per conn per s | grain calls/s | grain calls/s per 1k conn | activations/conn |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in idle)
        {
            var perConnectionMicros = r.ServerCpuPct is { } cpu && r.Connections is > 0 ? cpu * 10_000 / r.Connections.Value : (double?)null;
            var callsPerThousand = r.IdleGrainCallsPerSec is { } calls && r.Connections is > 0 ? calls * 1000 / r.Connections.Value : (double?)null;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Target} | {r.Connections:N0} | {N(r.KbPerConnection, 1)} | {N(r.LiveHeapKbPerConnection, 1)} | {N(r.ServerRssMb, 0)} | {N(r.ServerCpuPct, 1)} | {N(perConnectionMicros, 2)} | {N(r.IdleGrainCallsPerSec, 0)} | {N(callsPerThousand, 1)} | {N(r.ActivationsPerConnection, 2)} |");
        }

        md.AppendLine();
        md.AppendLine("live heap kB/conn: growth of the managed heap after a full GC (dotnet-gcdump, .NET servers) / connections; grain calls/s: " +
            "Orleans requests that expect a response (`orleans_app_requests_latency_milliseconds_count`) per second while idle; activations/conn: " +
            "growth of `orleans_grains` (application grain activations) / connections. From the gateway's /metrics (Orleans.Chat targets only).");
        md.AppendLine();
    }

    private static string N(double? value, int digits) =>
        value is { } v ? v.ToString($"N{digits}", CultureInfo.InvariantCulture) : "-";
}
