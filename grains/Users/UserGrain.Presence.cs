using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// The user's side of presence. The presence itself (status, connections per gateway) lives in the user's presence
/// partition (<see cref="IPresencePartitionGrain"/>), so an idle connected user needs no activation; this grain
/// publishes the user's status changes to their rooms (it knows the rooms) and keeps, while active, the receivers
/// its live events go to.
/// </summary>
/// <remarks>
/// Changes reach this grain two ways: answers to its own calls (a session opening, a status), and one-way
/// <see cref="OnPresenceChanged"/> calls for those the partition made on its own (a disconnect, a lapsed gateway,
/// a re-assert). Their versions order them: an older change arriving late is dropped, status and receivers alike.
/// </remarks>
internal sealed partial class UserGrain
{
    // The newest change this activation knows of; null until it needs the receivers or hears of a change.
    private PresenceChange? _presence;

    public async Task<ChatError> SetStatus(string status, CancellationToken cancellationToken = default)
    {
        if (!PresenceStatus.IsSettableByClient(status))
        {
            return ChatError.InvalidFormat;
        }

        if (await GrainFactory.PresenceOf(UserId).SetStatus(UserId, status) is { } change)
        {
            await ApplyAsync(change);
        }

        return ChatError.None;
    }

    public Task OnPresenceChanged(PresenceChange change) => ApplyAsync(change);

    /// <summary>The receivers of the user's live events (one per gateway with connections of the user), asked once per activation.</summary>
    private async ValueTask<IReadOnlyList<IUserObserver>> ReceiversAsync()
    {
        if (_presence is null)
        {
            _presence = await GrainFactory.PresenceOf(UserId).GetReceivers(UserId);
        }

        return _presence.Receivers;
    }

    private async Task ApplyAsync(PresenceChange change)
    {
        if (_presence is not null && change.Version <= _presence.Version)
        {
            return;
        }

        _presence = change;
        if (change.Update is { } update)
        {
            await PublishToRoomsAsync(update);
        }

        ReleaseWhenOffline(change);
    }

    /// <summary>
    /// The user's last connection closed: the activation goes now, not after Presence:UserIdleLifetime. Users who
    /// come and go would otherwise each leave one behind for minutes (about 3 kB, and garbage collection over all
    /// of them); the next event or connect activates it again. Recovery points keep it (<see cref="KeepAlive"/>).
    /// </summary>
    private void ReleaseWhenOffline(PresenceChange change)
    {
        if (change.Receivers.Count == 0 && change.Update?.Status == PresenceStatus.Offline
            && (_recovery?.KeepFor(time.GetUtcNow()) ?? TimeSpan.Zero) == TimeSpan.Zero)
        {
            DeactivateOnIdle();
        }
    }

    private async Task PublishToRoomsAsync(PresenceUpdate update)
    {
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
}
