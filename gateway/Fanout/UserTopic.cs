using System.Collections.Immutable;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// One user's local sessions, and what the user's live events do to them: private messages and the edits,
/// deletes and read receipts of conversations go to every session, call signals to the sessions they name;
/// membership changes made on any connection join or leave all of them. The user grain pushes to the gateway's
/// one <see cref="UserEventReceiver"/>, which passes the user's events on to this. There is no subscription to
/// hold: the user's presence partition knows this gateway's receiver while it holds connections of the user.
/// </summary>
internal sealed class UserTopic(string userId, IGrainFactory grains, RoomFanout rooms, PendingMessagesHandOver pending, ILogger logger)
    : GatedTopic(logger)
{
    private ImmutableArray<ChatSession> _sessions = [];

    public string UserId { get; } = userId;

    protected override string Name => $"user {UserId}";

    // Made when a membership change needs it, rarely: a reference held per user costs every user 40 bytes.
    private IUserGrain User => grains.Reference<IUserGrain>(UserId);

    /// <summary>
    /// Adds the session through <paramref name="open"/>, the session's opening call to the user grain, under the gate:
    /// no event of the user is delivered half before and half after it. Not called, and not added, when the topic
    /// closed meanwhile (the caller makes a fresh topic).
    /// </summary>
    public async Task<(bool Added, T Result)> TryAddAsync<T>(ChatSession session, Func<Task<T>> open)
    {
        await Gate.WaitAsync();
        try
        {
            if (Closed)
            {
                return (false, default!);
            }

            var result = await open();
            if (!_sessions.Contains(session))
            {
                _sessions = _sessions.Add(session);
            }

            return (true, result);
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task RemoveAsync(ChatSession session)
    {
        await Gate.WaitAsync();
        try
        {
            _sessions = _sessions.Remove(session);
            if (_sessions.IsEmpty)
            {
                MarkClosed();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The user's presence partition had lost this gateway's connections of the user (a new activation, a lapsed
    /// lease), so the user grain could not push private messages here meanwhile: the sessions get the unread ones
    /// again as pending-messages.
    /// </summary>
    public Task RepairAsync() => DeliverGuardedAsync(UserId, userId => pending.HandOverAsync(userId, _sessions));

    /// <summary>Delivers one of the user's events to their sessions here, after the events before it.</summary>
    public Task OnUserEvent(UserEvent userEvent) => DeliverGuardedAsync(userEvent, DeliverLockedAsync);

    private async Task DeliverLockedAsync(UserEvent evt)
    {
        switch (evt.Kind)
        {
            case UserEventKind.PrivateMessage or UserEventKind.MessageEdited or UserEventKind.MessageDeleted or UserEventKind.ReadReceipt:
                var outbound = evt.Kind == UserEventKind.PrivateMessage
                    ? new OutboundEvent(ServerEventNames.PrivateMessage, evt.PrivateMessage!, ChatJsonContext.Default.PrivateMessage)
                    : ChangeEventEncoding.FromUserEvent(evt)!;
                foreach (var session in _sessions)
                {
                    session.Enqueue(outbound);
                }

                GatewayMetrics.Delivered(_sessions.Length, "user");
                break;

            case UserEventKind.Call:
                CallDelivery.Deliver(evt, _sessions);
                break;

            case UserEventKind.AppEvent:
                // Encoded once for all the user's sessions here: the data goes out as the API wrote it.
                var appEvent = new OutboundEvent(evt.AppEvent!.Name, new RawJsonPayload(evt.AppEvent.DataJson), ChatJsonContext.Default.RawJsonPayload);
                foreach (var session in _sessions)
                {
                    session.Enqueue(appEvent);
                }

                break;

            case UserEventKind.Disconnect:
                var reason = evt.Reason is { } text ? ServerCloseReason.DisconnectedByServer with { Reason = text } : ServerCloseReason.DisconnectedByServer;
                foreach (var session in _sessions)
                {
                    session.Close(reason);
                }

                break;

            case UserEventKind.RoomJoined:
                // The first pushes to a new subscription may overtake each other (a leave before
                // its join): join the sessions only while the user is still a member.
                if (!(await User.GetRooms()).Contains(evt.RoomId!, StringComparer.Ordinal))
                {
                    break;
                }

                foreach (var session in _sessions)
                {
                    if (!session.IsInRoom(evt.RoomId!))
                    {
                        await rooms.AddAsync(evt.RoomId!, session);
                    }
                }

                break;

            case UserEventKind.RoomLeft:
                // A stale leave (pushed before this gateway's last reconnect, the user has joined again since):
                // the membership it ends is gone already; acting on it would drop the new one.
                if ((await User.GetRooms()).Contains(evt.RoomId!, StringComparer.Ordinal))
                {
                    break;
                }

                // Idempotent: after a kick the room's member-removed may have taken the sessions out already.
                // A kicked user's sessions hear it here, after leaving the room: nothing of the room follows it.
                var removed = evt.ByUserId is { } by ? ChangeEventEncoding.MemberRemoved(evt.RoomId!, evt.UserId, by) : null;
                foreach (var session in _sessions)
                {
                    await rooms.RemoveAsync(evt.RoomId!, session);
                    if (removed is not null)
                    {
                        session.Enqueue(removed);
                    }
                }

                break;
        }
    }
}
