using System.Globalization;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// With --repeat, one row per scenario and target: the round whose main figure is the median
/// (a real round, so its fields stay consistent), with every round's figure in the notes.
/// </summary>
public static class RoundMedian
{
    public static List<ScenarioResult> Of(IReadOnlyList<ScenarioResult> rounds)
    {
        var results = new List<ScenarioResult>();
        foreach (var group in rounds.GroupBy(r => (r.Name, r.Target)))
        {
            var measured = group.Where(r => r.Skipped is null && MainFigure(r) is not null).ToList();
            if (measured.Count <= 1)
            {
                results.Add(measured.Count == 1 ? measured[0] : group.First());
                continue;
            }

            var ordered = measured.OrderBy(r => MainFigure(r)).ToList();
            var median = ordered[(ordered.Count - 1) / 2];
            var figures = string.Join(", ", measured.Select(r => MainFigure(r)!.Value.ToString("G4", CultureInfo.InvariantCulture)));
            var note = $"median of {measured.Count} rounds by {MainFigureName(median)} ({figures})";
            results.Add(median with { Notes = string.IsNullOrEmpty(median.Notes) ? note : $"{note}; {median.Notes}" });
        }

        return results;
    }

    private static double? MainFigure(ScenarioResult r) =>
        r.KbPerConnection ?? (r.Name.StartsWith("latency", StringComparison.Ordinal) ? r.P99Ms : null) ?? r.DeliveredPerSec ?? r.ConnectsPerSec;

    private static string MainFigureName(ScenarioResult r) =>
        r.KbPerConnection is not null ? "kB/conn"
        : r.Name.StartsWith("latency", StringComparison.Ordinal) && r.P99Ms is not null ? "p99"
        : r.DeliveredPerSec is not null ? "delivered/s" : "conn/s";
}
