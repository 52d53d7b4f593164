using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>
/// This silo's view of which gateways have lapsed. Grains here say which gateways they hold something
/// for (in memory, no grain call); every Presence:GatewayCheckInterval one call asks the registry which
/// of those have lapsed (none when nothing is tracked), and each grain that tracked a newly lapsed gateway
/// is called once (<see cref="IGatewayDependentGrain.GatewayLapsed"/>): the work is per gateway death, never
/// per interval or per user.
/// </summary>
/// <remarks>
/// Rounds are numbered. A grain tracks a gateway at a stamp (the rounds started so far), and only an answer
/// to a round started after that stamp counts against it: a gateway that renewed after lapsing and then
/// re-asserted is not dropped again by an answer the registry gave before its renewal.
/// </remarks>
public sealed partial class GatewayLiveness(
    IGrainFactory grains,
    IOptions<PresenceOptions> options,
    TimeProvider time,
    ILogger<GatewayLiveness> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How many grains are told of a lapse at once.</summary>
    private const int TellSlice = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<GrainId, long>> _tracked = new(StringComparer.Ordinal);
    private Dictionary<string, long> _lapsed = new(StringComparer.Ordinal);
    private long _round;
    private readonly PeriodicLoop _loop = new();

    /// <summary>The grain holds something for the gateway from now; returns the stamp to check it with.</summary>
    public long Track(string gatewayId, GrainId grain)
    {
        lock (_lock)
        {
            if (!_tracked.TryGetValue(gatewayId, out var grainsOfGateway))
            {
                grainsOfGateway = [];
                _tracked[gatewayId] = grainsOfGateway;
            }

            grainsOfGateway[grain] = _round;
            return _round;
        }
    }

    public void Untrack(string gatewayId, GrainId grain)
    {
        lock (_lock)
        {
            if (_tracked.TryGetValue(gatewayId, out var grainsOfGateway) && grainsOfGateway.Remove(grain) && grainsOfGateway.Count == 0)
            {
                _tracked.Remove(gatewayId);
            }
        }
    }

    /// <summary>Whether the gateway had lapsed per a registry answer newer than <paramref name="stamp"/>.</summary>
    public bool IsLapsed(string gatewayId, long stamp)
    {
        lock (_lock)
        {
            return _lapsed.TryGetValue(gatewayId, out var round) && round > stamp;
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GatewayLiveness), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>One check: asks the registry about the tracked gateways and tells the grains of newly lapsed ones.</summary>
    internal async Task CheckAsync()
    {
        var toTell = await CheckAsync(grains.Reference<IGatewayRegistryGrain>(0));
        if (toTell.Count > 0)
        {
            LogGatewaysLapsed(logger, string.Join(", ", toTell.Select(entry => entry.GatewayId).Distinct()), toTell.Count);
            // In slices: a gateway that held 100,000 users must not put 100,000 calls in flight at once.
            foreach (var slice in toTell.Chunk(TellSlice))
            {
                await Task.WhenAll(slice.Select(entry => TellAsync(entry.GatewayId, entry.Grain)));
            }
        }
    }

    /// <summary>Asks the registry; answers the grains to tell (each no longer tracked for that gateway).</summary>
    internal async Task<IReadOnlyList<(string GatewayId, GrainId Grain)>> CheckAsync(IGatewayRegistryGrain registry)
    {
        string[] gatewayIds;
        long round;
        lock (_lock)
        {
            gatewayIds = [.. _tracked.Keys];
            round = ++_round;
            if (gatewayIds.Length == 0)
            {
                _lapsed = new(StringComparer.Ordinal);
                return [];
            }
        }

        var lapsed = await registry.FindLapsed(gatewayIds);
        List<(string GatewayId, GrainId Grain)> toTell = [];
        lock (_lock)
        {
            _lapsed = lapsed.ToDictionary(gatewayId => gatewayId, _ => round, StringComparer.Ordinal);
            foreach (var gatewayId in lapsed)
            {
                if (!_tracked.TryGetValue(gatewayId, out var grainsOfGateway))
                {
                    continue;
                }

                // Told once: a grain that tracked the gateway again after this round began is left for a later one.
                foreach (var (grain, stamp) in grainsOfGateway.Where(entry => entry.Value < round).ToList())
                {
                    grainsOfGateway.Remove(grain);
                    toTell.Add((gatewayId, grain));
                }

                if (grainsOfGateway.Count == 0)
                {
                    _tracked.Remove(gatewayId);
                }
            }
        }

        return toTell;
    }

    private async Task TellAsync(string gatewayId, GrainId grain)
    {
        try
        {
            await grains.Reference<IGatewayDependentGrain>(grain).GatewayLapsed(gatewayId);
        }
        catch (Exception ex)
        {
            LogTellFailed(logger, ex, grain.ToString(), gatewayId);
        }
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop.Start(options.Value.GatewayCheckInterval, time, CheckGuardedAsync);
        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken) => _loop.StopAsync(cancellationToken);

    private async Task CheckGuardedAsync()
    {
        try
        {
            await CheckAsync();
        }
        catch (Exception ex)
        {
            // Nothing lapses on a failed check: the next one asks again.
            LogCheckFailed(logger, ex);
        }
    }

    [LoggerMessage(3110, LogLevel.Information, "Gateways {Gateways} lapsed: telling {Grains} grains on this silo")]
    private static partial void LogGatewaysLapsed(ILogger logger, string gateways, int grains);

    [LoggerMessage(3111, LogLevel.Warning, "Telling {Grain} that gateway {GatewayId} lapsed failed")]
    private static partial void LogTellFailed(ILogger logger, Exception ex, string grain, string gatewayId);

    [LoggerMessage(3112, LogLevel.Warning, "Checking the gateway leases failed; asking again next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex);
}
