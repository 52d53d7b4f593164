using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// The user's presence: the status, and per gateway the number of connections. It lives in the user's
/// activation (<see cref="IPresenceGrain"/> and <see cref="IUserGrain"/> name the same grain), which the
/// connections keep alive anyway: a connecting user activates one grain, not two.
/// </summary>
/// <remarks>
/// The counts ride their gateway's one lease: when it lapses (the gateway died), this silo's
/// <see cref="GatewayLiveness"/> calls <see cref="GatewayLapsed"/> once, and the user is online while any
/// gateway still holds a connection. Nothing runs per user on the idle path: no renewal, no timer. Counts
/// live in memory only; the activation is kept from idle collection while it holds any, and the counts move
/// with the grain when Orleans migrates it. When the activation is lost anyway (its silo crashed), the
/// gateways re-assert their counts (<see cref="RestoreLease"/>) when they see the silo go.
/// </remarks>
internal sealed partial class UserGrain : IPresenceGrain, IGrainMigrationParticipant
{
    private const string PresenceMigrationKey = "presence";

    private PresenceState _presence = new();

    public async Task Connect(string gatewayId, UserRef user)
    {
        var wasOnline = _presence.HasConnections;
        _presence.User = user;
        if (!_presence.Gateways.TryGetValue(gatewayId, out var lease))
        {
            lease = new GatewayLease();
            _presence.Gateways[gatewayId] = lease;
            TrackPresence(gatewayId, lease);
        }

        lease.Connections++;
        if (!wasOnline)
        {
            KeepAlive();
            await ChangeStatusAsync(PresenceStatus.Online);
            onlineUsers.Online();
            await IndexAsync(online: true);
        }
    }

    public async Task Disconnect(string gatewayId)
    {
        if (!_presence.Gateways.TryGetValue(gatewayId, out var lease))
        {
            return;
        }

        if (--lease.Connections <= 0)
        {
            DropPresence(gatewayId);
        }

        if (!_presence.HasConnections)
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

        if (_presence.Gateways.TryGetValue(gatewayId, out var held))
        {
            // Still held (Connect and Disconnect kept it right): it only counts again from now.
            TrackPresence(gatewayId, held);
            return;
        }

        logger.LeaseRestored(UserId, gatewayId, connections);
        var wasOnline = _presence.HasConnections;
        _presence.User = user;
        var lease = new GatewayLease { Connections = connections };
        _presence.Gateways[gatewayId] = lease;
        TrackPresence(gatewayId, lease);
        if (!wasOnline)
        {
            KeepAlive();

            // A lost activation (a fresh one never changed status) never counted the user offline; a lapse here did.
            var countedOffline = _presence.Since != 0;
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
        if (_presence.HasConnections && _presence.Status != status)
        {
            await ChangeStatusAsync(status);
        }

        return ChatError.None;
    }

    public Task<bool> HoldsLease(string gatewayId) =>
        Task.FromResult(_presence.Gateways.TryGetValue(gatewayId, out var lease) && lease.Stamp is { } stamp && !liveness.IsLapsed(gatewayId, stamp));

    public Task<PresenceInfo> GetPresence() =>
        Task.FromResult(new PresenceInfo { Status = _presence.Status, Connections = _presence.Connections, Since = _presence.Since });

    public void OnDehydrate(IDehydrationContext dehydrationContext) => dehydrationContext.TryAddValue(PresenceMigrationKey, _presence);

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<PresenceState>(PresenceMigrationKey, out var state) && state is not null)
        {
            _presence = state;
        }
    }

    /// <summary>Counts that arrived with a migration depend on their gateways' leases here now.</summary>
    private void ActivatePresence()
    {
        if (!_presence.HasConnections)
        {
            return;
        }

        foreach (var (gatewayId, lease) in _presence.Gateways)
        {
            TrackPresence(gatewayId, lease);
        }

        KeepAlive();
    }

    private void DeactivatePresence(DeactivationReason reason)
    {
        if (_presence.HasConnections && reason.ReasonCode != DeactivationReasonCode.Migrating)
        {
            logger.LeasesLost(UserId, reason.ReasonCode.ToString(), _presence.Connections);
        }

        foreach (var (gatewayId, lease) in _presence.Gateways)
        {
            if (lease.Stamp is not null)
            {
                liveness.Untrack(gatewayId, GrainContext.GrainId);
            }
        }
    }

    /// <summary>The gateway lapsed: its connections are dropped unless it re-asserted them since.</summary>
    private async Task PresenceGatewayLapsedAsync(string gatewayId)
    {
        if (!_presence.Gateways.TryGetValue(gatewayId, out var lease) || lease.Stamp is not { } stamp)
        {
            return;
        }

        if (!liveness.IsLapsed(gatewayId, stamp))
        {
            // Re-asserted since the lapse: the check stopped tracking it for this grain when it called.
            TrackPresence(gatewayId, lease, stamp);
            return;
        }

        logger.LeasesExpired(UserId, gatewayId);
        DropPresence(gatewayId);
        if (!_presence.HasConnections)
        {
            await GoOfflineAsync();
        }
    }

    /// <summary>The gateway's connections count from now, until a lapse of its lease seen after this.</summary>
    private void TrackPresence(string gatewayId, GatewayLease lease, long? keepStamp = null)
    {
        var stamp = liveness.Track(gatewayId, GrainContext.GrainId);
        lease.Stamp = keepStamp ?? stamp;
    }

    private void DropPresence(string gatewayId)
    {
        _presence.Gateways.Remove(gatewayId);
        // The grain's subscriptions from that gateway ride the same tracking.
        if (_liveObservers?.Holds(gatewayId) != true)
        {
            liveness.Untrack(gatewayId, GrainContext.GrainId);
        }
    }

    private async Task GoOfflineAsync()
    {
        KeepAlive();
        await ChangeStatusAsync(PresenceStatus.Offline);
        onlineUsers.Offline();
        await IndexAsync(online: false);
    }

    private async Task ChangeStatusAsync(string status)
    {
        _presence.Status = status;
        _presence.Since = time.GetUtcNow().ToUnixTimeMilliseconds();
        var update = new PresenceUpdate { UserId = UserId, Status = status, Timestamp = _presence.Since };

        // One call per room of the user (never per member); each room pushes it to its subscribed gateways.
        // PublishPresence interleaves: a room waiting on this grain (a join) cannot hold it up.
        IReadOnlyList<string> rooms = [.. State.Rooms];
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

    /// <summary>The online-users index: one call per offline/online transition, none per lease renewal.</summary>
    private async Task IndexAsync(bool online)
    {
        try
        {
            var partition = GrainFactory.Partition(UserId);
            await (online
                ? partition.Add(_presence.User ?? new UserRef { Id = UserId, Name = UserId })
                : partition.Remove(UserId));
        }
        catch (Exception exception)
        {
            // Best effort like the stats count: presence itself is right, only the listing lags.
            logger.OnlineIndexFailed(UserId, online ? PresenceStatus.Online : PresenceStatus.Offline, exception);
        }
    }
}
