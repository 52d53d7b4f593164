using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Chat.Bench.Scenarios;

namespace Orleans.Chat.Bench.Reporting;

/// <summary>--json FILE: {"scenarios":[...], "conditions":{...}}; fields that do not apply are null.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(string path, IReadOnlyList<ScenarioResult> results, RunConditions conditions)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, new Report([.. results.Select(Rounded)], conditions), Options);
    }

    private static ScenarioResult Rounded(ScenarioResult r) => r with
    {
        DeliveredPerSec = Round(r.DeliveredPerSec, 1),
        P50Ms = Round(r.P50Ms, 3),
        P99Ms = Round(r.P99Ms, 3),
        P999Ms = Round(r.P999Ms, 3),
        ServerCpuUsPerMsg = Round(r.ServerCpuUsPerMsg, 2),
        KbPerConnection = Round(r.KbPerConnection, 2),
        LiveHeapKbPerConnection = Round(r.LiveHeapKbPerConnection, 2),
        IdleGrainCallsPerSec = Round(r.IdleGrainCallsPerSec, 1),
        ActivationsPerConnection = Round(r.ActivationsPerConnection, 3),
        SentPerSec = Round(r.SentPerSec, 1),
        ConnectsPerSec = Round(r.ConnectsPerSec, 1),
        ServerCpuUsPerConnect = Round(r.ServerCpuUsPerConnect, 1),
        ServerCpuPct = Round(r.ServerCpuPct, 1),
        ClientCpuPct = Round(r.ClientCpuPct, 1),
        ServerWaitPct = Round(r.ServerWaitPct, 1),
        OtherLoadServerCorePct = Round(r.OtherLoadServerCorePct, 1),
        OtherLoadClientCorePct = Round(r.OtherLoadClientCorePct, 1),
        ClientWaitPct = Round(r.ClientWaitPct, 1),
        ServerRssMb = Round(r.ServerRssMb, 1),
        MeasuredSeconds = Round(r.MeasuredSeconds, 2),
    };

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    private sealed record Report(IReadOnlyList<ScenarioResult> Scenarios, RunConditions Conditions);
}
