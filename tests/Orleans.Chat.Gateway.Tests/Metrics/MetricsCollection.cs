namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>
/// The chat's instruments are static, so every gateway in the test process counts into them: the tests
/// that assert values run alone, after the parallel collections, and compare against a scrape taken first.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
