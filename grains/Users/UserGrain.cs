using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains;

/// <summary>
/// A user: the rooms they belong to and the index of their conversations, kept by the
/// conversation grains. Replies come only after the state they report is stored; live events
/// go to the gateways that hold the user's connections. Also the user's side of presence
/// (UserGrain.Presence.cs) and their Socket.IO recovery points (UserGrain.Recovery.cs, in memory).
/// </summary>
/// <remarks>
/// Nothing here keeps a connected user's activation alive: it is collected after
/// Presence:UserIdleLifetime without a call (<see cref="UserGrainCollection"/>), and the next event activates it again.
/// </remarks>
internal sealed partial class UserGrain(
    [PersistentState("user", ChatStorage.Name)] IPersistentState<UserState> user,
    IOptions<MembershipLimitsOptions> limits,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private string UserId => this.GetPrimaryKeyString();

    private UserState State => user.State;

    /// <summary>
    /// Moves private messages queued by an earlier version into their conversations, where they
    /// are unread like any other; idempotent, so a failure part way is simply retried next time.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Pending.Count == 0 && State.RecentPrivate.Count == 0)
        {
            return;
        }

        foreach (var pending in State.Pending.OrderBy(pending => pending.QueueSeq))
        {
            var message = pending.Message with { ToUserId = UserId };
            var conversation = GrainFactory.Reference<IConversationGrain>(ConversationIds.For(message.FromUserId, UserId));
            Merge(await conversation.Import(message));
        }

        var migrated = State.Pending.Count;
        State.Pending.Clear();
        State.RecentPrivate.Clear();
        await user.WriteOrDeactivateAsync(GrainContext);
        logger.PendingMigrated(UserId, migrated);
    }

    public Task<IReadOnlyList<string>> GetRooms(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([.. State.Rooms]);

    public async Task AddRoom(string roomId)
    {
        var index = State.Rooms.BinarySearch(roomId, StringComparer.Ordinal);
        if (index >= 0)
        {
            return;
        }

        State.Rooms.Insert(~index, roomId);
        await user.WriteOrDeactivateAsync(GrainContext);
        await TryPublishAsync(new UserEvent { Kind = UserEventKind.RoomJoined, UserId = UserId, RoomId = roomId });
    }

    public async Task<ChatError> JoinRoom(string roomId)
    {
        if (State.Rooms.BinarySearch(roomId, StringComparer.Ordinal) < 0 && State.Rooms.Count >= limits.Value.RoomsPerUser)
        {
            return ChatError.QuotaExceeded;
        }

        await AddRoom(roomId);
        return ChatError.None;
    }

    public async Task RemoveRoom(string roomId)
    {
        if (await ForgetRoomAsync(roomId))
        {
            await TryPublishAsync(new UserEvent { Kind = UserEventKind.RoomLeft, UserId = UserId, RoomId = roomId });
        }
    }

    public async Task RemoveRoomByKick(string roomId, string byUserId)
    {
        // Told even when the list had no such room: the sessions in the room must hear they were removed.
        await ForgetRoomAsync(roomId);
        await TryPublishAsync(new UserEvent { Kind = UserEventKind.RoomLeft, UserId = UserId, RoomId = roomId, ByUserId = byUserId });
    }

    /// <summary>Takes the room off the user's list and stores that; false when it was not on it.</summary>
    private async Task<bool> ForgetRoomAsync(string roomId)
    {
        var index = State.Rooms.BinarySearch(roomId, StringComparer.Ordinal);
        if (index < 0)
        {
            return false;
        }

        State.Rooms.RemoveAt(index);
        State.RoomReadSeq.Remove(roomId);
        await user.WriteOrDeactivateAsync(GrainContext);
        return true;
    }

    public async Task<bool> RecordConversation(ConversationEntry entry, PrivateMessage? message)
    {
        // A message the index already covers was pushed when it got there (a retried send): not again.
        var isNew = message is not null && message.Seq > (State.Conversations.GetValueOrDefault(entry.ConversationId)?.LastSeq ?? 0);
        if (Merge(entry))
        {
            await user.WriteOrDeactivateAsync(GrainContext);
        }

        if (message is null)
        {
            return false;
        }

        return isNew
            ? await TryPublishAsync(new UserEvent { Kind = UserEventKind.PrivateMessage, UserId = UserId, PrivateMessage = message })
            : (await ReceiversAsync()).Count > 0;
    }

    public async Task<ChatError> MarkRoomRead(string roomId, long seq)
    {
        if (seq < 0)
        {
            return ChatError.InvalidFormat;
        }

        if (State.Rooms.BinarySearch(roomId, StringComparer.Ordinal) < 0)
        {
            return ChatError.NotInRoom;
        }

        var cursor = State.RoomReadSeq.GetValueOrDefault(roomId);
        if (seq <= cursor)
        {
            // Never backwards: nothing to store or tell.
            return ChatError.None;
        }

        // ReadUpTo interleaves on the room, so a room busy calling this grain (a kick) still answers.
        var read = await GrainFactory.Reference<IRoomGrain>(roomId).ReadUpTo(UserId, seq);
        if (read.Error != ChatError.None)
        {
            return read.Error;
        }

        // The room clamps to its last seq, which may be at or below the cursor already.
        if (read.Seq > cursor)
        {
            State.RoomReadSeq[roomId] = read.Seq;
            await user.WriteOrDeactivateAsync(GrainContext);
        }

        return ChatError.None;
    }

    public async Task<IReadOnlyList<RoomSummary>> GetRoomSummaries(int limit, CancellationToken cancellationToken = default)
    {
        // GetSummary interleaves on the rooms; one call per room, all at once.
        var summaries = await Task.WhenAll(State.Rooms.Select(roomId =>
            GrainFactory.Reference<IRoomGrain>(roomId).GetSummary(UserId, State.RoomReadSeq.GetValueOrDefault(roomId))));
        return
        [
            .. summaries.OfType<RoomSummary>()
                .OrderByDescending(summary => summary.LastActivity)
                .ThenBy(summary => summary.Room.Id, StringComparer.Ordinal)
                .Take(Math.Max(0, limit)),
        ];
    }

    /// <summary>Best effort like every live event: the change or receipt is stored by the conversation, which clients can ask again.</summary>
    public Task Publish(UserEvent userEvent) =>
        TryPublishAsync(userEvent.UserId == UserId ? userEvent : userEvent with { UserId = UserId });

    public async Task<SessionStart> OpenSession(SessionOpening opening)
    {
        // No room joins or leaves interleave with this turn, so the ids, the subscription and the presence
        // published to the rooms agree. The reads come first: a failed open has counted nothing.
        IReadOnlyList<string> roomIds = [.. State.Rooms];
        var start = new SessionStart
        {
            RoomIds = roomIds,
            Conversations = Conversations(opening.SidebarLimit, unreadOnly: false),
            UnreadConversations = Conversations(opening.PendingLimit, unreadOnly: true),
            Rooms = roomIds.Count == 0 ? [] : await GetRoomSummaries(opening.SidebarLimit),
        };

        await ApplyAsync(await GrainFactory.PresenceOf(UserId).Connect(opening.GatewayId, opening.Receiver, opening.User));
        return start;
    }

    public Task<IReadOnlyList<ConversationEntry>> GetConversations(int limit, bool unreadOnly, CancellationToken cancellationToken = default) =>
        Task.FromResult(Conversations(limit, unreadOnly));

    private IReadOnlyList<ConversationEntry> Conversations(int limit, bool unreadOnly) =>
        State.Conversations.Count == 0
            ? []
            :
            [
                .. State.Conversations.Values
                    .Where(entry => !unreadOnly || entry.Unread > 0)
                    .OrderByDescending(entry => entry.LastActivity)
                    .ThenBy(entry => entry.ConversationId, StringComparer.Ordinal)
                    .Take(Math.Max(0, limit)),
            ];

    /// <summary>Merges the entry into the index; true when that changed it.</summary>
    private bool Merge(ConversationEntry entry)
    {
        var merged = State.Conversations.TryGetValue(entry.ConversationId, out var known) ? known.Merge(entry) : entry;
        if (merged == known)
        {
            return false;
        }

        State.Conversations[entry.ConversationId] = merged;
        return true;
    }

    /// <summary>
    /// Live events are best effort (one one-way call per gateway); returns whether any gateway held a connection
    /// of the user to take it. A private message a gateway missed is still stored in its conversation and listed
    /// as unread (pending-messages) on the user's next connect, or when their gateway re-asserts its connections.
    /// </summary>
    private async Task<bool> TryPublishAsync(UserEvent userEvent)
    {
        try
        {
            var receivers = await ReceiversAsync();
            foreach (var receiver in receivers)
            {
                _ = receiver.OnUserEvent(userEvent);
            }

            return receivers.Count > 0;
        }
        catch (Exception exception)
        {
            logger.PublishFailed(UserId, userEvent.Kind, exception);
            return false;
        }
    }
}
