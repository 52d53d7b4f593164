using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Hosting;

/// <summary>Ready when a grain call into the cluster answers.</summary>
public sealed class ClusterReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IChatStatsGrain>(0).GetStats().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("cluster unreachable", ex);
        }
    }
}
