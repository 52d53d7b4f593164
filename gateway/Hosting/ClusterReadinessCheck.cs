using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Chat.Gateway.Api;

namespace Orleans.Chat.Gateway.Hosting;

/// <summary>Ready when a grain call into the cluster answers (shared with /api/stats: probes cost at most one call per interval).</summary>
public sealed class ClusterReadinessCheck(ClusterStatsCache stats) : IHealthCheck
{
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await stats.GetAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("cluster unreachable", ex);
        }
    }
}
