using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// A user's presence: the status, and per gateway the number of connections under a lease
/// the gateway renews. A gateway that stops renewing (it crashed) loses its connections after
/// the lease TTL; the user is online while any gateway holds a connection.
/// </summary>
/// <remarks>
/// Leases live in memory only: they are renewed every few seconds, so storing them would cost
/// a write per renewal. One timer, due when the earliest lease would expire and moved on by every
/// renewal, exists while any lease does: a healthy user costs no timer tick at all, only a renewal
/// per interval. The state moves with the grain when Orleans migrates it. When the activation is
/// lost anyway (its silo crashed), the next renewal finds no lease and the gateway restores it
/// with its current connection count, so presence is right again within one renewal interval.
/// </remarks>
internal sealed partial class PresenceGrain(
    IOptions<PresenceOptions> options,
    TimeProvider time,
    ILogger<PresenceGrain> logger) : Grain, IPresenceGrain, IGrainMigrationParticipant
{
    private const string MigrationKey = "presence";

    /// <summary>Timers may fire a little early; the check runs this long after the expiry it waits for.</summary>
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromMilliseconds(50);

    private readonly TimeSpan _leaseTtl = options.Value.LeaseTtl;
    private PresenceState _state = new();
    private IGrainTimer? _expiryTimer;

    private string UserId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Leases that arrived with a migration need their expiry check again.
        ScheduleExpiryCheck();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_state.HasConnections && reason.ReasonCode != DeactivationReasonCode.Migrating)
        {
            logger.LeasesLost(UserId, reason.ReasonCode.ToString(), _state.Connections);
        }

        return Task.CompletedTask;
    }

    public async Task Connect(string gatewayId, UserRef user)
    {
        var wasOnline = _state.HasConnections;
        _state.User = user;
        if (!_state.Gateways.TryGetValue(gatewayId, out var lease))
        {
            lease = new GatewayLease();
            _state.Gateways[gatewayId] = lease;
        }

        lease.Connections++;
        lease.ExpiresAt = time.GetUtcNow() + _leaseTtl;
        ScheduleExpiryCheck();
        if (!wasOnline)
        {
            await ChangeStatusAsync(PresenceStatus.Online);
            await CountAsync(PresenceStatus.Online);
            await IndexAsync(online: true);
        }
    }

    public async Task Disconnect(string gatewayId)
    {
        if (!_state.Gateways.TryGetValue(gatewayId, out var lease))
        {
            return;
        }

        if (--lease.Connections <= 0)
        {
            _state.Gateways.Remove(gatewayId);
        }
        else
        {
            lease.ExpiresAt = time.GetUtcNow() + _leaseTtl;
        }

        if (!_state.HasConnections)
        {
            await GoOfflineAsync();
        }
        else
        {
            ScheduleExpiryCheck();
        }
    }

    public Task<bool> RenewLease(string gatewayId)
    {
        if (!_state.Gateways.TryGetValue(gatewayId, out var lease))
        {
            return Task.FromResult(false);
        }

        lease.ExpiresAt = time.GetUtcNow() + _leaseTtl;
        ScheduleExpiryCheck();
        return Task.FromResult(true);
    }

    public async Task RestoreLease(string gatewayId, UserRef user, int connections)
    {
        // Only a lease that is really missing: a Connect that raced ahead already counts right.
        if (connections <= 0 || _state.Gateways.ContainsKey(gatewayId))
        {
            return;
        }

        logger.LeaseRestored(UserId, gatewayId, connections);
        var wasOnline = _state.HasConnections;
        _state.User = user;
        _state.Gateways[gatewayId] = new GatewayLease { Connections = connections, ExpiresAt = time.GetUtcNow() + _leaseTtl };
        ScheduleExpiryCheck();
        if (!wasOnline)
        {
            // Not counted again: the lost activation never counted the user offline.
            await ChangeStatusAsync(PresenceStatus.Online);
            await IndexAsync(online: true);
        }
    }

    public async Task<ChatError> SetStatus(string status, CancellationToken cancellationToken = default)
    {
        if (!PresenceStatus.IsSettableByClient(status))
        {
            return ChatError.InvalidFormat;
        }

        // Without a connection the user is offline whatever they asked for: a late update-status
        // racing the last disconnect must not make them look present.
        if (_state.HasConnections && _state.Status != status)
        {
            await ChangeStatusAsync(status);
        }

        return ChatError.None;
    }

    public Task<bool> HoldsLease(string gatewayId) =>
        Task.FromResult(_state.Gateways.TryGetValue(gatewayId, out var lease) && lease.ExpiresAt > time.GetUtcNow());

    public Task<PresenceInfo> GetPresence() =>
        Task.FromResult(new PresenceInfo { Status = _state.Status, Connections = _state.Connections, Since = _state.Since });

    public void OnDehydrate(IDehydrationContext dehydrationContext) => dehydrationContext.TryAddValue(MigrationKey, _state);

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<PresenceState>(MigrationKey, out var state) && state is not null)
        {
            _state = state;
        }
    }

    private async Task DropExpiredLeasesAsync()
    {
        var now = time.GetUtcNow();
        var expired = _state.Gateways.Where(entry => entry.Value.ExpiresAt <= now).Select(entry => entry.Key).ToList();
        if (expired.Count == 0)
        {
            // Renewed while this tick was queued: wait for the new earliest expiry.
            ScheduleExpiryCheck();
            return;
        }

        logger.LeasesExpired(UserId, string.Join(", ", expired));
        foreach (var gatewayId in expired)
        {
            _state.Gateways.Remove(gatewayId);
        }

        if (!_state.HasConnections)
        {
            await GoOfflineAsync();
        }
        else
        {
            ScheduleExpiryCheck();
        }
    }

    private async Task GoOfflineAsync()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        await ChangeStatusAsync(PresenceStatus.Offline);
        await CountAsync(PresenceStatus.Offline);
        await IndexAsync(online: false);
    }

    /// <summary>Arms the one expiry timer for the earliest lease expiry (plus a little, so it finds it expired).</summary>
    private void ScheduleExpiryCheck()
    {
        if (!_state.HasConnections)
        {
            return;
        }

        var earliest = DateTimeOffset.MaxValue;
        foreach (var lease in _state.Gateways.Values)
        {
            earliest = lease.ExpiresAt < earliest ? lease.ExpiresAt : earliest;
        }

        var due = earliest - time.GetUtcNow() + ExpirySlack;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (_expiryTimer is null)
        {
            // KeepAlive: an idle-collected activation would take its leases with it.
            _expiryTimer = this.RegisterGrainTimer(
                DropExpiredLeasesAsync,
                new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task ChangeStatusAsync(string status)
    {
        _state.Status = status;
        _state.Since = time.GetUtcNow().ToUnixTimeMilliseconds();
        await FanOutAsync(new PresenceUpdate { UserId = UserId, Status = status, Timestamp = _state.Since });
    }

    /// <summary>One call per room of the user (never per member); each room pushes it to its subscribed gateways.</summary>
    private async Task FanOutAsync(PresenceUpdate update)
    {
        IReadOnlyList<string> rooms;
        try
        {
            rooms = await GrainFactory.GetGrain<IUserGrain>(UserId).GetRooms();
        }
        catch (Exception exception)
        {
            logger.RoomsReadFailed(UserId, update.Status, exception);
            return;
        }

        await Task.WhenAll(rooms.Select(async roomId =>
        {
            try
            {
                await GrainFactory.GetGrain<IRoomGrain>(roomId).PublishPresence(update);
            }
            catch (Exception exception)
            {
                logger.RoomNotifyFailed(UserId, roomId, update.Status, exception);
            }
        }));
    }

    private async Task CountAsync(string status)
    {
        try
        {
            var stats = GrainFactory.GetGrain<IChatStatsGrain>(0);
            await (status == PresenceStatus.Offline ? stats.UserWentOffline() : stats.UserWentOnline());
        }
        catch (Exception exception)
        {
            logger.StatsCountFailed(UserId, status, exception);
        }
    }
}
