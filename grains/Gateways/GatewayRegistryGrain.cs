using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>
/// One lease per gateway, in memory: renewed by its gateway every Gateway:LeaseRenewInterval, read by every
/// silo every Presence:GatewayCheckInterval. Small (one entry per gateway); a lost activation forgets the
/// leases, and unknown gateways get a grace lease so only a gateway that never renews lapses.
/// </summary>
internal sealed class GatewayRegistryGrain(IOptions<PresenceOptions> options, TimeProvider time) : Grain, IGatewayRegistryGrain
{
    /// <summary>How long, and how many, lapsed gateways are remembered so that every silo learns of them.</summary>
    private static readonly TimeSpan RememberLapsed = TimeSpan.FromHours(1);
    private const int MaxRemembered = 10_000;

    private readonly TimeSpan _ttl = options.Value.LeaseTtl;
    private readonly Dictionary<string, DateTimeOffset> _expiresAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lapsedAt = new(StringComparer.Ordinal);

    public Task<bool> Renew(string gatewayId)
    {
        var now = time.GetUtcNow();
        var wasLapsed = _lapsedAt.Remove(gatewayId) || (_expiresAt.TryGetValue(gatewayId, out var expires) && expires <= now);
        _expiresAt[gatewayId] = now + _ttl;
        return Task.FromResult(wasLapsed);
    }

    public Task Leave(string gatewayId)
    {
        _expiresAt.Remove(gatewayId);
        Remember(gatewayId, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindLapsed(IReadOnlyList<string> gatewayIds)
    {
        var now = time.GetUtcNow();
        List<string>? lapsed = null;
        foreach (var gatewayId in gatewayIds)
        {
            if (_lapsedAt.ContainsKey(gatewayId))
            {
                (lapsed ??= []).Add(gatewayId);
            }
            else if (!_expiresAt.TryGetValue(gatewayId, out var expires))
            {
                // Unknown: this activation is new, or the gateway died before it ever renewed here.
                _expiresAt[gatewayId] = now + _ttl;
            }
            else if (expires <= now)
            {
                _expiresAt.Remove(gatewayId);
                Remember(gatewayId, now);
                (lapsed ??= []).Add(gatewayId);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(lapsed ?? []);
    }

    private void Remember(string gatewayId, DateTimeOffset now)
    {
        if (_lapsedAt.Count >= MaxRemembered)
        {
            Forget(now);
        }

        _lapsedAt[gatewayId] = now;
    }

    /// <summary>Forgets lapses older than an hour, or the oldest half when that is not enough room.</summary>
    private void Forget(DateTimeOffset now)
    {
        var stale = _lapsedAt.Where(entry => now - entry.Value > RememberLapsed).Select(entry => entry.Key).ToList();
        if (_lapsedAt.Count - stale.Count >= MaxRemembered)
        {
            stale = [.. _lapsedAt.OrderBy(entry => entry.Value).Take(MaxRemembered / 2).Select(entry => entry.Key)];
        }

        stale.ForEach(gatewayId => _lapsedAt.Remove(gatewayId));
    }
}
