using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;
using Orleans.Placement;

namespace Orleans.Chat.Grains;

/// <summary>
/// One partition of presence (see <see cref="IPresencePartitionGrain"/>): the online users of the partition by id
/// (sorted, for the online-users listing), and the gateways they are connected through. In memory, always active
/// (an idle collection would empty it); a partition lost with a crashed silo learns its users again from the
/// gateways' re-assert.
/// </summary>
/// <remarks>
/// Nothing runs per user on the idle path: no renewal, no timer. The partition depends on each gateway once (this
/// silo's <see cref="GatewayLiveness"/> tracks the pair) and a lapse is handled here once per gateway, not per user.
/// The partition never awaits another grain, so no call into it waits on a call out of it.
/// </remarks>
// Immovable: what it holds is in memory and not carried along; the gateways re-assert a partition only when the set of silos changes.
[CollectionAgeLimit(AlwaysActive = true), Immovable]
internal sealed class PresencePartitionGrain(
    GatewayLiveness liveness,
    OnlineUserCounter onlineUsers,
    TimeProvider time,
    ILogger<PresencePartitionGrain> logger) : Grain, IPresencePartitionGrain
{
    private readonly Dictionary<string, UserPresence> _users = new(StringComparer.Ordinal);

    // The same ids sorted, for paging the online-users listing.
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PresenceGateway> _gateways = new(StringComparer.Ordinal);

    // Gateways whose lapse this activation handled (their users counted offline): a re-assert counts them online again.
    private readonly HashSet<string> _lapsedHere = new(StringComparer.Ordinal);

    // Starts at the clock so that versions keep increasing across activations of the partition.
    private long _version;

    private long Partition => this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _version = time.GetUtcNow().UtcTicks;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_users.Count > 0)
        {
            logger.PartitionLost(Partition, reason.ReasonCode.ToString(), _users.Count);
        }

        foreach (var gatewayId in _gateways.Keys)
        {
            liveness.Untrack(gatewayId, GrainContext.GrainId);
        }

        return Task.CompletedTask;
    }

    public Task<PresenceChange> Connect(string gatewayId, IUserObserver receiver, UserRef user)
    {
        var gateway = GatewayFor(gatewayId, receiver, retrack: false);
        var wasOnline = _users.TryGetValue(user.Id, out var presence);
        if (presence is null)
        {
            presence = Online(user);
        }
        else
        {
            presence.User = user;
        }

        if (presence.Add(gateway.Id, 1))
        {
            gateway.Users++;
        }

        return Task.FromResult(Change(presence, statusChanged: !wasOnline));
    }

    public Task Disconnect(string gatewayId, string userId)
    {
        if (_users.TryGetValue(userId, out var presence) && presence.RemoveOne(gatewayId))
        {
            Released(gatewayId);
            Tell(userId, presence.HasConnections ? Change(presence, statusChanged: false) : Offline(userId));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> Restore(string gatewayId, IUserObserver receiver, IReadOnlyList<HeldPresence> users)
    {
        var gateway = GatewayFor(gatewayId, receiver, retrack: true);
        var countedOffline = _lapsedHere.Remove(gatewayId);
        List<string> lost = [];
        foreach (var held in users)
        {
            var wasOnline = _users.TryGetValue(held.User.Id, out var presence);
            if (held.Connections <= 0 || (presence is not null && presence.Holds(gatewayId)))
            {
                // Still held (connects and disconnects kept it right): it counts again from now, with the gateway.
                continue;
            }

            // A lost activation never counted its users offline; a lapse handled here did.
            presence ??= Online(held.User, count: countedOffline);
            presence.Add(gateway.Id, held.Connections);
            gateway.Users++;
            lost.Add(held.User.Id);
            Tell(held.User.Id, Change(presence, statusChanged: !wasOnline));
        }

        if (gateway.Users == 0)
        {
            Released(gatewayId);
        }

        if (lost.Count > 0)
        {
            logger.ConnectionsRestored(gatewayId, Partition, lost.Count);
        }

        return Task.FromResult<IReadOnlyList<string>>(lost);
    }

    public Task<PresenceChange?> SetStatus(string userId, string status)
    {
        if (!_users.TryGetValue(userId, out var presence) || presence.Status == status)
        {
            return Task.FromResult<PresenceChange?>(null);
        }

        presence.Status = status;
        presence.Since = Now;
        return Task.FromResult<PresenceChange?>(Change(presence, statusChanged: true));
    }

    public Task<PresenceInfo> GetPresence(string userId) => Task.FromResult(_users.TryGetValue(userId, out var presence)
        ? new PresenceInfo { Status = presence.Status, Connections = presence.Connections, Since = presence.Since }
        : new PresenceInfo { Status = PresenceStatus.Offline, Connections = 0, Since = 0 });

    public Task<IReadOnlyList<string>> GetStatuses(IReadOnlyList<string> userIds) => Task.FromResult<IReadOnlyList<string>>(
        [.. userIds.Select(userId => _users.TryGetValue(userId, out var presence) ? presence.Status : PresenceStatus.Offline)]);

    public Task<bool> HoldsLease(string userId, string gatewayId) => Task.FromResult(
        _users.TryGetValue(userId, out var presence) && presence.Holds(gatewayId)
        && _gateways.TryGetValue(gatewayId, out var gateway) && !liveness.IsLapsed(gatewayId, gateway.Stamp));

    public Task<PresenceChange> GetReceivers(string userId) => Task.FromResult(new PresenceChange
    {
        // The current version: every change up to it is in this answer.
        Version = _version,
        Receivers = _users.TryGetValue(userId, out var presence) ? ReceiversOf(presence) : [],
    });

    public Task GatewayLapsed(string gatewayId)
    {
        if (!_gateways.TryGetValue(gatewayId, out var gateway))
        {
            return Task.CompletedTask;
        }

        if (!liveness.IsLapsed(gatewayId, gateway.Stamp))
        {
            // Re-asserted since the lapse: the check stopped tracking it for this grain when it called.
            liveness.Track(gatewayId, GrainContext.GrainId);
            return Task.CompletedTask;
        }

        _gateways.Remove(gatewayId);
        _lapsedHere.Add(gatewayId);
        var dropped = 0;
        var offline = 0;
        foreach (var (userId, presence) in _users.Where(entry => entry.Value.Holds(gatewayId)).ToList())
        {
            presence.Drop(gatewayId);
            dropped++;
            if (presence.HasConnections)
            {
                Tell(userId, Change(presence, statusChanged: false));
            }
            else
            {
                offline++;
                Tell(userId, Offline(userId));
            }
        }

        logger.GatewayDropped(gatewayId, Partition, dropped, offline);
        return Task.CompletedTask;
    }

    public Task<OnlineUsersPage> GetPage(string? afterUserId, int limit)
    {
        var page = new List<UserRef>(Math.Min(limit, _ids.Count));
        var hasMore = false;
        foreach (var id in After(afterUserId))
        {
            if (page.Count == limit)
            {
                hasMore = true;
                break;
            }

            page.Add(_users[id].User);
        }

        return Task.FromResult(new OnlineUsersPage { Users = page, HasMore = hasMore });
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private UserPresence Online(UserRef user, bool count = true)
    {
        var presence = new UserPresence(user, PresenceStatus.Online, Now);
        _users.Add(user.Id, presence);
        _ids.Add(user.Id);
        if (count)
        {
            onlineUsers.Online();
        }

        return presence;
    }

    private PresenceChange Offline(string userId)
    {
        _users.Remove(userId);
        _ids.Remove(userId);
        onlineUsers.Offline();
        return new PresenceChange
        {
            Version = ++_version,
            Receivers = [],
            Update = new PresenceUpdate { UserId = userId, Status = PresenceStatus.Offline, Timestamp = Now },
        };
    }

    private PresenceChange Change(UserPresence presence, bool statusChanged) => new()
    {
        Version = ++_version,
        Receivers = ReceiversOf(presence),
        Update = statusChanged ? new PresenceUpdate { UserId = presence.User.Id, Status = presence.Status, Timestamp = presence.Since } : null,
    };

    private IUserObserver[] ReceiversOf(UserPresence presence)
    {
        var gateways = presence.Gateways;
        var receivers = new IUserObserver[gateways.Length];
        for (var i = 0; i < gateways.Length; i++)
        {
            receivers[i] = _gateways[gateways[i].GatewayId].Receiver;
        }

        return receivers;
    }

    /// <summary>The gateway's entry, made (and its lease tracked) on its first user here; a re-assert tracks it again from now.</summary>
    private PresenceGateway GatewayFor(string gatewayId, IUserObserver receiver, bool retrack)
    {
        if (!_gateways.TryGetValue(gatewayId, out var gateway))
        {
            gateway = new PresenceGateway(gatewayId, receiver, liveness.Track(gatewayId, GrainContext.GrainId));
            _gateways.Add(gatewayId, gateway);
            return gateway;
        }

        gateway.Receiver = receiver;
        if (retrack)
        {
            gateway.Stamp = liveness.Track(gatewayId, GrainContext.GrainId);
        }

        return gateway;
    }

    /// <summary>A user no longer has connections on the gateway; its entry goes with its last user.</summary>
    private void Released(string gatewayId)
    {
        if (_gateways.TryGetValue(gatewayId, out var gateway) && --gateway.Users <= 0)
        {
            _gateways.Remove(gatewayId);
            liveness.Untrack(gatewayId, GrainContext.GrainId);
        }
    }

    /// <summary>One way: the user grain publishes a status change to the rooms and keeps the receivers.</summary>
    private void Tell(string userId, PresenceChange change) =>
        _ = GrainFactory.Reference<IUserGrain>(userId).OnPresenceChanged(change);

    private IEnumerable<string> After(string? afterUserId)
    {
        // A range view of the sorted ids: O(log n) to the cursor, however large the partition.
        return afterUserId is null || _ids.Count == 0 || string.CompareOrdinal(afterUserId, _ids.Max) >= 0
            ? afterUserId is null ? _ids : []
            : _ids.GetViewBetween(afterUserId, _ids.Max!).Where(id => !string.Equals(id, afterUserId, StringComparison.Ordinal));
    }

    /// <summary>A gateway with users in this partition: its one receiver and the liveness stamp its connections count from.</summary>
    private sealed class PresenceGateway(string id, IUserObserver receiver, long stamp)
    {
        /// <summary>The id as first received: the users' entries share this one string.</summary>
        public string Id { get; } = id;

        public IUserObserver Receiver { get; set; } = receiver;

        public long Stamp { get; set; } = stamp;

        public int Users { get; set; }
    }
}
