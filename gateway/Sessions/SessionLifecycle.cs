using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Gateway.Metrics;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// What happens when a session opens and closes, for every protocol: subscriptions to the
/// user's rooms, presence (which routes the user's live events here), the connected event and the unread private messages.
/// </summary>
public sealed partial class SessionLifecycle(
    IGrainFactory grains,
    SessionRegistry registry,
    RoomFanout rooms,
    UserFanout users,
    SessionTyping typing,
    PendingMessagesHandOver pending,
    TokenExpiryWatch tokenExpiry,
    CallCommands calls,
    IOptions<GatewayOptions> gateway,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<SessionLifecycle> logger)
{
    private readonly ILogger _connections = ConnectionLog.For(loggers);

    /// <summary>
    /// Subscribes the session, sends connected (with the sidebar) and then pending-messages. Rooms in
    /// <paramref name="recovered"/> resume after the given seq and change seq (Socket.IO recovery).
    /// Throws when the cluster is unavailable.
    /// </summary>
    public async Task OpenAsync(ChatSession session, RecoveredRooms? recovered = null)
    {
        registry.Add(session);
        GatewayMetrics.Connected(session);
        session.MarkOpened(time.GetTimestamp());
        ConnectionLog.Opened(_connections, session);

        // One call to the user grain: the connection counted for presence with this gateway's receiver of the user's
        // live events, and one read of everything the session starts from (rooms, sidebar, unread conversations), in
        // one turn so that a room joined from another connection meanwhile is not missed.
        var user = grains.Reference<IUserGrain>(session.User.Id);
        var start = await users.AddAsync(session, () => user.OpenSession(new SessionOpening
        {
            GatewayId = gateway.Value.Id,
            User = session.UserRef,
            Receiver = users.Receiver,
            SidebarLimit = SessionSidebar.Limit,
            PendingLimit = pending.ConversationLimit,
        }));
        session.PresenceCounted = true;
        registry.PresenceConnected(session);
        var roomIds = start.RoomIds;
        session.EnqueueConnected(new OutboundEvent(
            ServerEventNames.Connected,
            new ConnectedEvent(session.Id, session.User.Id, time.GetUtcNow().ToUnixTimeMilliseconds(), roomIds, await SessionSidebar.FromStartAsync(grains, start, session.Closed)),
            ChatJsonContext.Default.ConnectedEvent));
        tokenExpiry.Start(session);

        if (roomIds.Count > 0)
        {
            await SubscribeRoomsAsync(session, roomIds, recovered);
        }

        await pending.HandOverAsync(session.User.Id, start.UnreadConversations, session);
    }

    // A method of its own: the lambda's closure over the parameters would otherwise be allocated on every open, rooms or not.
    private Task SubscribeRoomsAsync(ChatSession session, IReadOnlyCollection<string> roomIds, RecoveredRooms? recovered) =>
        Task.WhenAll(roomIds.Select(roomId => recovered is not null && recovered.Cursors.TryGetValue(roomId, out var cursor)
            ? rooms.AddRecoveredAsync(roomId, session, cursor,
                recovered.ChangeCursors.TryGetValue(roomId, out var changeCursor) ? changeCursor : RoomSubscriber.NoBaseline)
            : rooms.AddAsync(roomId, session)));

    /// <summary>
    /// Releases everything the session held; best effort, never throws. <paramref name="reason"/> is the
    /// transport's account of the end, for the connection log; a server-side end (abort, close) outranks it.
    /// </summary>
    public async Task CloseAsync(ChatSession session, string reason = "closed")
    {
        session.MarkClosed();
        tokenExpiry.Stop(session);
        registry.Remove(session);
        await typing.StopAllAsync(session);
        // Before presence: the other party of a call hears disconnected from the session's close, not the lease.
        await calls.SessionClosedAsync(session);
        try
        {
            // The user's topic first, so that no membership change re-adds the session to a room.
            await users.RemoveAsync(session);
            foreach (var roomId in session.RoomsSnapshot())
            {
                await rooms.RemoveAsync(roomId, session);
            }

            if (session.PresenceCounted)
            {
                registry.PresenceDisconnected(session);
                await grains.PresenceOf(session.User.Id).Disconnect(gateway.Value.Id, session.User.Id);
            }
        }
        catch (Exception ex)
        {
            LogCloseFailed(logger, ex, session.Id);
        }

        if (session.TakeOpenedAt() is var openedAt and not 0)
        {
            ConnectionLog.Closed(_connections, session, time.GetElapsedTime(openedAt), session.EndReason ?? reason);
        }
    }

    [LoggerMessage(EventId = 5801, Level = LogLevel.Warning, Message = "Releasing session {SessionId} failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception ex, string sessionId);
}
