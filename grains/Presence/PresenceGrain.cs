using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// A user's presence: the status, and per gateway the number of connections. The counts ride their
/// gateway's one lease: when it lapses (the gateway died), this silo's <see cref="GatewayLiveness"/> calls
/// <see cref="GatewayLapsed"/> once, and the user is online while any gateway still holds a connection.
/// </summary>
/// <remarks>
/// Nothing runs per user on the idle path: no renewal, no timer. Counts live in memory only; the activation
/// is kept from idle collection while it holds any (collecting it would lose them), and the state moves with
/// the grain when Orleans migrates it. When the activation is lost anyway (its silo crashed), the gateways
/// re-assert their counts (<see cref="RestoreLease"/>) when they see the silo go.
/// </remarks>
internal sealed partial class PresenceGrain(
    GatewayLiveness liveness,
    OnlineUserCounter onlineUsers,
    TimeProvider time,
    ILogger<PresenceGrain> logger) : Grain, IPresenceGrain, IGrainMigrationParticipant
{
    private const string MigrationKey = "presence";

    private PresenceState _state = new();

    /// <summary>Per gateway, the liveness stamp its connections were last asserted at (this activation only).</summary>
    private readonly Dictionary<string, long> _stamps = new(StringComparer.Ordinal);

    private string UserId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Counts that arrived with a migration depend on their gateways' leases here now.
        foreach (var gatewayId in _state.Gateways.Keys)
        {
            Track(gatewayId);
        }

        KeepAlive();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_state.HasConnections && reason.ReasonCode != DeactivationReasonCode.Migrating)
        {
            logger.LeasesLost(UserId, reason.ReasonCode.ToString(), _state.Connections);
        }

        foreach (var gatewayId in _stamps.Keys)
        {
            liveness.Untrack(gatewayId, GrainContext.GrainId);
        }

        return Task.CompletedTask;
    }

    public async Task Connect(string gatewayId, UserRef user, IReadOnlyList<string>? rooms = null)
    {
        var wasOnline = _state.HasConnections;
        _state.User = user;
        if (!_state.Gateways.TryGetValue(gatewayId, out var lease))
        {
            lease = new GatewayLease();
            _state.Gateways[gatewayId] = lease;
            Track(gatewayId);
        }

        lease.Connections++;
        if (!wasOnline)
        {
            KeepAlive();
            await ChangeStatusAsync(PresenceStatus.Online, rooms);
            onlineUsers.Online();
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
            Drop(gatewayId);
        }

        if (!_state.HasConnections)
        {
            await GoOfflineAsync();
        }
    }

    public async Task GatewayLapsed(string gatewayId)
    {
        if (!_stamps.TryGetValue(gatewayId, out var stamp))
        {
            return;
        }

        if (!liveness.IsLapsed(gatewayId, stamp))
        {
            // Re-asserted since the lapse: the check stopped tracking it for this grain when it called.
            Track(gatewayId, stamp);
            return;
        }

        logger.LeasesExpired(UserId, gatewayId);
        Drop(gatewayId);
        if (!_state.HasConnections)
        {
            await GoOfflineAsync();
        }
    }

    public async Task RestoreLease(string gatewayId, UserRef user, int connections)
    {
        if (connections <= 0)
        {
            return;
        }

        if (_state.Gateways.ContainsKey(gatewayId))
        {
            // Still held (Connect and Disconnect kept it right): it only counts again from now.
            Track(gatewayId);
            return;
        }

        logger.LeaseRestored(UserId, gatewayId, connections);
        var wasOnline = _state.HasConnections;
        _state.User = user;
        _state.Gateways[gatewayId] = new GatewayLease { Connections = connections };
        Track(gatewayId);
        if (!wasOnline)
        {
            KeepAlive();

            // A lost activation (a fresh one never changed status) never counted the user offline; a lapse here did.
            var countedOffline = _state.Since != 0;
            await ChangeStatusAsync(PresenceStatus.Online);
            if (countedOffline)
            {
                onlineUsers.Online();
            }

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
        Task.FromResult(_state.Gateways.ContainsKey(gatewayId) && _stamps.TryGetValue(gatewayId, out var stamp) && !liveness.IsLapsed(gatewayId, stamp));

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

    /// <summary>The gateway's connections count from now, until a lapse of its lease seen after this.</summary>
    private void Track(string gatewayId, long? keepStamp = null)
    {
        var stamp = liveness.Track(gatewayId, GrainContext.GrainId);
        _stamps[gatewayId] = keepStamp ?? stamp;
    }

    private void Drop(string gatewayId)
    {
        _state.Gateways.Remove(gatewayId);
        _stamps.Remove(gatewayId);
        liveness.Untrack(gatewayId, GrainContext.GrainId);
    }

    /// <summary>Held counts live only in this activation: keep it from idle collection while it has any.</summary>
    private void KeepAlive() => DelayDeactivation(_state.HasConnections ? Timeout.InfiniteTimeSpan : TimeSpan.Zero);

    private async Task GoOfflineAsync()
    {
        KeepAlive();
        await ChangeStatusAsync(PresenceStatus.Offline);
        onlineUsers.Offline();
        await IndexAsync(online: false);
    }

    private async Task ChangeStatusAsync(string status, IReadOnlyList<string>? rooms = null)
    {
        _state.Status = status;
        _state.Since = time.GetUtcNow().ToUnixTimeMilliseconds();
        await FanOutAsync(new PresenceUpdate { UserId = UserId, Status = status, Timestamp = _state.Since }, rooms);
    }

    /// <summary>One call per room of the user (never per member); each room pushes it to its subscribed gateways.</summary>
    private async Task FanOutAsync(PresenceUpdate update, IReadOnlyList<string>? knownRooms)
    {
        IReadOnlyList<string> rooms;
        try
        {
            rooms = knownRooms ?? await GrainFactory.Reference<IUserGrain>(UserId).GetRooms();
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
                await GrainFactory.Reference<IRoomGrain>(roomId).PublishPresence(update);
            }
            catch (Exception exception)
            {
                logger.RoomNotifyFailed(UserId, roomId, update.Status, exception);
            }
        }));
    }
}
