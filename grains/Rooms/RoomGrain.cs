using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;
using Orleans.Chat.Events;
using Orleans.Chat.Grains.Files;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains;

/// <summary>
/// A chat room: membership and access, the gateways subscribed to its live events, its messages
/// (<see cref="RoomMessageLog"/>) and their edits and deletes (<see cref="RoomMessageChanges"/>),
/// read-receipts (<see cref="RoomReceipts"/>) and moderation (<see cref="RoomModeration"/>). Calls are handled one at a time, which is what makes
/// seqs gap-free, and events are pushed to the subscribed gateways only after the state they
/// describe is stored.
/// </summary>
internal sealed partial class RoomGrain : Grain, IRoomGrain
{
    private const int LegacyPageSize = 100;

    private readonly IPersistentState<RoomState> _room;
    private readonly RoomHistoryOptions _options;
    private readonly MembershipLimitsOptions _limits;
    private readonly TimeProvider _time;
    private readonly ILogger<RoomGrain> _logger;
    private RoomMessageLog _messages = null!;
    private RoomMessageChanges _changes = null!;
    private MessageHistory<RoomHistoryPage, ChatMessage, RoomState> _history = null!;
    private readonly RoomReceipts _receipts;
    private readonly RoomModeration _moderation;
    private readonly RoomMemberStatuses _statuses;
    private readonly LeasedObservers<IRoomObserver> _observers;
    private readonly ChatEventPublisher? _events;

    public RoomGrain(
        [PersistentState("room", ChatStorage.Name)] IPersistentState<RoomState> room,
        IOptions<RoomHistoryOptions> options,
        IOptions<MembershipLimitsOptions> limits,
        IOptions<ReadReceiptOptions> receiptOptions,
        IOptions<ChatEventsOptions> events,
        GatewayLiveness liveness,
        TimeProvider time,
        ILogger<RoomGrain> logger)
    {
        _room = room;
        _options = options.Value;
        _limits = limits.Value;
        _time = time;
        _logger = logger;
        _statuses = new RoomMemberStatuses(RoomId, GrainFactory, logger);
        _observers = new LeasedObservers<IRoomObserver>(liveness, GrainContext, KeepAlive);
        _receipts = new RoomReceipts(RoomId, receiptOptions.Value.ReceiptMaxMembers, this, Publish);
        _events = ChatEventPublisher.Create(this, ChatEventScope.Room, events.Value, time, () => _history.LastSeq, logger);
        _moderation = new RoomModeration(RoomId, room, GrainContext, GrainFactory, Publish, Info, ForgetMember, _events);
    }

    private string RoomId => this.GetPrimaryKeyString();

    private RoomState State => _room.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The page size is the room's own once stored: rooms stored before it was recorded used 100.
        State.PageSize = State.PageSize > 0 ? State.PageSize : _room.RecordExists ? LegacyPageSize : _options.HistoryPageSize;
        _history = new MessageHistory<RoomHistoryPage, ChatMessage, RoomState>(GrainContext, _room, State.PageSize, _options.HistoryPerRoom, _logger);
        await _history.LoadAsync();
        _messages = new RoomMessageLog(RoomId, _history, _time, Publish, _events);
        _changes = new RoomMessageChanges(RoomId, _history, _time, Publish, _events);
        _logger.Loaded(RoomId, _history.LastSeq, _history.HeadPage, State.Members.Count);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _observers.EndAll(static observer => observer.OnSubscriptionEnded());
        await ChatEventPublisher.DrainAsync(_events, cancellationToken);
    }

    public Task<RoomSubscription> Subscribe(IRoomObserver observer, string gatewayId) =>
        Task.FromResult(new RoomSubscription
        {
            WasSubscribed = _observers.Subscribe(observer, gatewayId), LastSeq = _messages.LastSeq, LastChangeSeq = _changes.LastChangeSeq,
        });

    public Task Unsubscribe(IRoomObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task GatewayLapsed(string gatewayId)
    {
        _observers.GatewayLapsed(gatewayId);
        return Task.CompletedTask;
    }

    // A room with live subscribers stays active: collected, it would only end them and be re-activated by their re-subscribe.
    private void KeepAlive(bool subscribed) => DelayDeactivation(subscribed ? Timeout.InfiniteTimeSpan : TimeSpan.Zero);

    public async Task<JoinRoomResult> Join(JoinRoomRequest request, CancellationToken cancellationToken = default)
    {
        var user = request.User;
        if (State.Exists && !State.MayEnter(user.Id))
        {
            return JoinRoomResult.Failed(ChatError.AccessDenied);
        }

        var newMember = !State.Members.TryGetValue(user.Id, out var knownName);
        if (newMember && await TakeMembershipQuotaAsync(user.Id) != ChatError.None)
        {
            return JoinRoomResult.Failed(ChatError.QuotaExceeded);
        }

        var created = false;
        if (!State.Exists)
        {
            // A first join creates a public room with no owner.
            State.Initialize(RoomId, RoomVisibility.Public, ownerId: null, _time.GetUtcNow());
            created = true;
        }

        if (newMember || knownName != user.Name)
        {
            State.Members[user.Id] = user.Name;
            await WriteMembershipAsync(newMember ? user.Id : null);
            if (newMember)
            {
                _events?.Member(ChatEventKind.MemberJoined, user.Id);
            }
        }

        if (created)
        {
            await CountRoomCreatedAsync();
        }

        if (!newMember)
        {
            // AddRoom is idempotent: this repairs a user's room list that missed an earlier AddRoom
            // (the call failed after the membership was stored).
            await GrainFactory.Reference<IUserGrain>(user.Id).AddRoom(RoomId);
        }
        else
        {
            await _statuses.RefreshAsync(user.Id);
        }

        var statuses = await _statuses.GetAsync(State.Members.Keys);
        if (newMember)
        {
            Publish(new RoomEvent { Kind = RoomEventKind.UserJoined, RoomId = RoomId, UserId = user.Id, User = user });
        }

        var (recent, recovered, hasMore) = _messages.CatchUp(request.SinceSeq, request.RecentLimit, request.RecoveryLimit);
        var (changes, hasMoreChanges) = _changes.CatchUp(request.SinceSeq, request.SinceChangeSeq, request.RecoveryLimit);

        return new JoinRoomResult
        {
            Room = Info(),
            Members = [.. State.Members.Select(member => new RoomMember
            {
                UserId = member.Key,
                Name = member.Value,
                Status = statuses.GetValueOrDefault(member.Key, PresenceStatus.Offline),
                Role = State.RoleOf(member.Key),
            })],
            RecentMessages = recent,
            LastSeq = _messages.LastSeq,
            Recovered = recovered,
            NewMember = newMember,
            HasMore = hasMore,
            Changes = changes,
            LastChangeSeq = _changes.LastChangeSeq,
            HasMoreChanges = hasMoreChanges,
        };
    }

    public async Task<ChatError> Leave(string userId, CancellationToken cancellationToken = default)
    {
        if (!State.RemoveMember(userId, dropInvitation: false))
        {
            // Idempotent on the user side: repairs a room list left behind by a failed earlier leave.
            await GrainFactory.Reference<IUserGrain>(userId).RemoveRoom(RoomId);
            return ChatError.NotInRoom;
        }

        await _room.WriteOrDeactivateAsync(GrainContext);
        _events?.Member(ChatEventKind.MemberLeft, userId);
        ForgetMember(userId);
        await GrainFactory.Reference<IUserGrain>(userId).RemoveRoom(RoomId);
        Publish(new RoomEvent { Kind = RoomEventKind.UserLeft, RoomId = RoomId, UserId = userId });
        return ChatError.None;
    }

    public async Task<CreateRoomResult> Create(CreateRoomRequest request, CancellationToken cancellationToken = default)
    {
        if (!RoomVisibility.IsValid(request.Visibility))
        {
            return CreateRoomResult.Failed(ChatError.InvalidFormat);
        }

        var owner = request.Owner;
        if (State.Exists)
        {
            // The owner repeating the call gets the room back, so a retried create succeeds.
            return State.OwnerId == owner.Id
                ? new CreateRoomResult { Room = Info() }
                : CreateRoomResult.Failed(ChatError.RoomExists);
        }

        if (request.Members.Count > _limits.MembersPerRoom || await TakeMembershipQuotaAsync(owner.Id) != ChatError.None)
        {
            return CreateRoomResult.Failed(ChatError.QuotaExceeded);
        }

        State.Initialize(string.IsNullOrWhiteSpace(request.Name) ? RoomId : request.Name, request.Visibility, owner.Id, _time.GetUtcNow());
        State.Invited.UnionWith(request.Members);
        State.Members[owner.Id] = owner.Name;
        await WriteMembershipAsync(owner.Id);
        _events?.Member(ChatEventKind.MemberJoined, owner.Id);
        await _statuses.RefreshAsync(owner.Id);
        Publish(new RoomEvent { Kind = RoomEventKind.UserJoined, RoomId = RoomId, UserId = owner.Id, User = owner });
        await CountRoomCreatedAsync();
        return new CreateRoomResult { Room = Info() };
    }

    public async Task<ChatError> Invite(string actingUserId, string invitedUserId, CancellationToken cancellationToken = default)
    {
        if (!State.Exists || State.OwnerId != actingUserId)
        {
            return ChatError.AccessDenied;
        }

        if (!State.Invited.Contains(invitedUserId) && State.Invited.Count >= _limits.MembersPerRoom)
        {
            return ChatError.QuotaExceeded;
        }

        if (State.Invited.Add(invitedUserId))
        {
            await _room.WriteOrDeactivateAsync(GrainContext);
        }

        return ChatError.None;
    }

    public async Task<SendMessageResult> Send(SendMessageRequest request) => (await SendBatch([request]))[0];

    public async Task<SendMessageResult[]> SendBatch(SendMessageRequest[] requests)
    {
        return await _messages.SendAsync(requests, State.Members.ContainsKey);
    }

    public Task<HistoryResult> GetHistory(HistoryRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.BypassMembership && !State.Members.ContainsKey(request.UserId))
        {
            return Task.FromResult(HistoryResult.Failed(ChatError.NotInRoom));
        }

        return Task.FromResult(new HistoryResult { Messages = _messages.Read(request), LastSeq = _messages.LastSeq });
    }

    public Task<ChatError> SetTyping(UserRef user, bool typing, CancellationToken cancellationToken = default)
    {
        if (!State.Members.ContainsKey(user.Id))
        {
            return Task.FromResult(ChatError.NotInRoom);
        }

        var kind = typing ? RoomEventKind.Typing : RoomEventKind.StoppedTyping;
        Publish(new RoomEvent { Kind = kind, RoomId = RoomId, UserId = user.Id, User = user });
        return Task.FromResult(ChatError.None);
    }

    public Task PublishPresence(PresenceUpdate update)
    {
        // A user's room list may briefly name a room they just left: nothing to tell then.
        if (State.Members.ContainsKey(update.UserId))
        {
            _statuses.Set(update.UserId, update.Status);
            Publish(new RoomEvent { Kind = RoomEventKind.Presence, RoomId = RoomId, UserId = update.UserId, Presence = update });
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsMember(string userId) => Task.FromResult(State.Members.ContainsKey(userId));

    public Task<RoomInfo?> GetInfo() => Task.FromResult(State.Exists ? Info() : null);

    /// <summary>
    /// Before a user becomes a member: room for one more member here, and a place in the user's room
    /// list (taken now, so two joins racing for the user's last slot cannot both pass).
    /// </summary>
    private async Task<ChatError> TakeMembershipQuotaAsync(string userId)
    {
        if (State.Members.Count >= _limits.MembersPerRoom)
        {
            return ChatError.QuotaExceeded;
        }

        return await GrainFactory.Reference<IUserGrain>(userId).JoinRoom(RoomId);
    }

    /// <summary>Stores the membership; when that fails, gives back the room-list place taken for <paramref name="newMemberId"/>.</summary>
    private async Task WriteMembershipAsync(string? newMemberId)
    {
        try
        {
            await _room.WriteOrDeactivateAsync(GrainContext);
        }
        catch when (newMemberId is not null)
        {
            await GrainFactory.Reference<IUserGrain>(newMemberId).RemoveRoom(RoomId);
            throw;
        }
    }

    private RoomInfo Info() => new() { Id = RoomId, Name = State.Name, Visibility = State.Visibility, OwnerId = State.OwnerId, Topic = State.Topic };

    /// <summary>Drops what the activation holds for a user who stopped being a member.</summary>
    private void ForgetMember(string userId)
    {
        _statuses.Remove(userId);
        _receipts.Drop(userId);
    }

    private async Task CountRoomCreatedAsync()
    {
        try
        {
            await GrainFactory.Reference<IChatStatsGrain>(0).RoomCreated();
        }
        catch (Exception exception)
        {
            _logger.RoomCountFailed(RoomId, exception);
        }
    }

    /// <summary>
    /// Live events are best effort: the state they describe is already stored, and gateways
    /// repair what they miss from history. The calls are one-way, so no gateway can stall the room.
    /// </summary>
    private void Publish(params RoomEvent[] events)
    {
        try
        {
            _observers.Notify(new RoomEventBatch { Events = events }, static (observer, batch) => observer.OnRoomEvents(batch));
        }
        catch (Exception exception)
        {
            _logger.PublishFailed(RoomId, events[0].Kind, exception);
        }
    }

    public Task<MessageChangeResult> Edit(EditMessageRequest request) =>
        State.Members.ContainsKey(request.User.Id) ? _changes.EditAsync(request) : Task.FromResult(MessageChangeResult.Failed(ChatError.NotInRoom));

    public async Task<MessageChangeResult> Delete(DeleteMessageRequest request)
    {
        if (!State.Members.ContainsKey(request.User.Id))
        {
            return MessageChangeResult.Failed(ChatError.NotInRoom);
        }

        var result = await _changes.DeleteAsync(request, State.IsModerator(request.User.Id));
        if (result.Error == ChatError.None && _history.TryGet(request.Seq, out var tombstone))
        {
            // Also for a repeated delete: it finishes a content removal that failed before.
            await FileContentRemoval.RemoveAsync(GrainFactory, tombstone.File, RoomId, request.Seq, _logger);
        }

        return result;
    }

    public Task<RoomChangesResult> GetChanges(ChangesRequest request) =>
        Task.FromResult(request.BypassMembership || State.Members.ContainsKey(request.UserId) ? _changes.Read(request) : RoomChangesResult.Failed(ChatError.NotInRoom));

    public Task<ReadResult> ReadUpTo(string userId, long seq) => Task.FromResult(
        seq < 0 ? ReadResult.Failed(ChatError.InvalidFormat)
        : !State.Members.ContainsKey(userId) ? ReadResult.Failed(ChatError.NotInRoom)
        : new ReadResult { Seq = _receipts.Read(userId, Math.Min(seq, _messages.LastSeq), State.Members.Count) });

    public Task<RoomSummary?> GetSummary(string userId, long readSeq) =>
        Task.FromResult(State.Members.ContainsKey(userId) ? RoomSummaries.For(Info(), State, _history, userId, readSeq) : null);

    public Task<ChatError> SetRole(string actingUserId, string userId, string role) => _moderation.SetRoleAsync(actingUserId, userId, role);

    public Task<ChatError> Kick(string actingUserId, string userId) => _moderation.KickAsync(actingUserId, userId);

    public Task<UpdateRoomResult> Update(string actingUserId, RoomUpdate update) => _moderation.UpdateAsync(actingUserId, update);

    public Task<ChatError> Relay(UserRef user, AppRoomEvent appEvent)
    {
        if (!State.Members.ContainsKey(user.Id))
        {
            return Task.FromResult(ChatError.NotInRoom);
        }

        Publish(new RoomEvent { Kind = RoomEventKind.AppEvent, RoomId = RoomId, UserId = user.Id, User = user, AppEvent = appEvent });
        return Task.FromResult(ChatError.None);
    }
}
