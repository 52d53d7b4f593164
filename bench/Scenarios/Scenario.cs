namespace Orleans.Chat.Bench.Scenarios;

public abstract class Scenario
{
    /// <summary>Connections opened at the same time while setting up.</summary>
    protected const int ConnectConcurrency = 64;

    protected const int JoinConcurrency = 32;

    public abstract string Name { get; }

    /// <summary>One line on what the scenario measures.</summary>
    public abstract string Description { get; }

    public abstract Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken);

    protected ScenarioResult Skip(ScenarioContext context, string reason) => new()
    {
        Name = Name,
        Target = context.Server.Target.Name,
        LoadAverage = Measurement.ProcessMetrics.LoadAverage(),
        Skipped = reason,
    };
}
