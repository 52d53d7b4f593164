using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// The cluster's counters as GET /api/stats and /health/ready read them: one stats grain call per
/// <see cref="ApiOptions.StatsCacheDuration"/> at most, shared by every caller, so a flood of
/// requests cannot funnel into the single stats grain. One refresh is in flight at a time; a
/// failed one is not kept, the next caller starts another.
/// </summary>
public sealed class ClusterStatsCache(IGrainFactory grains, IOptions<ApiOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private ClusterStats? _stats;
    private long _fetchedAt;
    private Task<ClusterStats>? _refresh;

    public Task<ClusterStats> GetAsync()
    {
        lock (_gate)
        {
            if (_stats is not null && time.GetElapsedTime(_fetchedAt) < options.Value.StatsCacheDuration)
            {
                return Task.FromResult(_stats);
            }

            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = RefreshAsync();
            }

            return _refresh;
        }
    }

    private async Task<ClusterStats> RefreshAsync()
    {
        var stats = await grains.Reference<IChatStatsGrain>(0).GetStats();
        lock (_gate)
        {
            _stats = stats;
            _fetchedAt = time.GetTimestamp();
        }

        return stats;
    }
}
