namespace Orleans.Chat.Bench.Measurement;

/// <summary>
/// The Orleans series of a gateway's /metrics that measure the cost of keeping users connected
/// (Orleans 10's "Microsoft.Orleans" meter as the gateway exports it):
/// <list type="bullet">
/// <item><c>orleans_app_requests_latency_milliseconds_count</c>: grain calls made (every request that
/// expects a response, from the gateway or from a grain; one-way calls are not in it);</item>
/// <item><c>orleans_messaging_processing_dispatcher_received_total</c>: requests the silo's dispatcher
/// received, one-way calls included (grain observer pushes are one-way);</item>
/// <item><c>orleans_grains</c>: application grain activations by <c>grain_type</c> (system targets and
/// Orleans' own service grains are in <c>orleans_catalog_activations</c>, not here).</item>
/// </list>
/// </summary>
public sealed record OrleansUpkeep(double GrainCalls, double DispatcherRequests, double Activations, Dictionary<string, double> ActivationsByType)
{
    public const string GrainCallsSeries = "orleans_app_requests_latency_milliseconds_count";
    public const string DispatcherSeries = "orleans_messaging_processing_dispatcher_received_total";
    public const string ActivationsSeries = "orleans_grains";

    /// <summary>The figures of one scrape; null when the scrape lacks the series (not an Orleans server).</summary>
    public static OrleansUpkeep? Of(MetricsScrape? scrape) =>
        scrape?.Sum(GrainCallsSeries) is { } calls
            ? new OrleansUpkeep(calls, scrape.Sum(DispatcherSeries) ?? 0, scrape.Sum(ActivationsSeries) ?? 0, scrape.SumBy(ActivationsSeries, "grain_type"))
            : null;

    /// <summary>"type +n" for each grain type whose activations grew since <paramref name="before"/>.</summary>
    public string GrowthSince(OrleansUpkeep before) => string.Join(", ", ActivationsByType
        .Select(t => (t.Key, Delta: t.Value - before.ActivationsByType.GetValueOrDefault(t.Key)))
        .Where(t => t.Delta != 0)
        .OrderByDescending(t => t.Delta)
        .Select(t => $"{t.Key} {t.Delta:+0;-0}"));
}
