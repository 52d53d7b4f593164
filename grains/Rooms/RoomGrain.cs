using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;
using Orleans.Chat.Events;
using Orleans.Storage;

namespace Orleans.Chat.Grains;

/// <summary>
/// A chat room. Calls are handled one at a time, which is what makes seqs gap-free: a seq is
/// taken only once its message is stored, and events are pushed to the subscribed gateways only
/// after the state they describe is stored.
/// </summary>
internal sealed class RoomGrain : Grain, IRoomGrain
{
    private const int LegacyPageSize = 100;

    private readonly IPersistentState<RoomState> _room;
    private readonly RoomHistoryOptions _options;
    private readonly MembershipLimitsOptions _limits;
    private readonly TimeProvider _time;
    private readonly ILogger<RoomGrain> _logger;
    private HistoryPages<RoomHistoryPage, ChatMessage> _pages = null!;
    private RetainedMessages<ChatMessage> _history = null!;
    private readonly RoomMemberStatuses _statuses;
    private readonly LeasedObservers<IRoomObserver> _observers;

    public RoomGrain(
        [PersistentState("room", ChatStorage.Name)] IPersistentState<RoomState> room,
        IOptions<RoomHistoryOptions> options,
        IOptions<MembershipLimitsOptions> limits,
        TimeProvider time,
        ILogger<RoomGrain> logger)
    {
        _room = room;
        _options = options.Value;
        _limits = limits.Value;
        _time = time;
        _logger = logger;
        _statuses = new RoomMemberStatuses(RoomId, GrainFactory, logger);
        _observers = new LeasedObservers<IRoomObserver>(time);
    }

    private string RoomId => this.GetPrimaryKeyString();

    private RoomState State => _room.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The page size is the room's own once stored: rooms stored before it was recorded used 100.
        State.PageSize = State.PageSize > 0 ? State.PageSize : _room.RecordExists ? LegacyPageSize : _options.HistoryPageSize;
        _pages = new HistoryPages<RoomHistoryPage, ChatMessage>(GrainContext.GrainId, ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ChatStorage.Name), State.PageSize);
        _history = new RetainedMessages<ChatMessage>(_options.HistoryPerRoom, State.PageSize);
        var messages = await _pages.LoadAsync(State.HeadPage, State.OldestStoredPage, _options.HistoryPerRoom);
        foreach (var message in messages)
        {
            _history.Add(message);
        }

        _logger.Loaded(RoomId, _history.LastSeq, _pages.HeadPage, State.Members.Count);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _observers.EndAll(static observer => observer.OnSubscriptionEnded());
        return Task.CompletedTask;
    }

    public Task<RoomSubscription> Subscribe(IRoomObserver observer) =>
        Task.FromResult(new RoomSubscription { WasSubscribed = _observers.Subscribe(observer), LastSeq = _history.LastSeq });

    public Task Unsubscribe(IRoomObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<JoinRoomResult> Join(JoinRoomRequest request, CancellationToken cancellationToken = default)
    {
        var user = request.User;
        if (State.Exists && !MayEnter(user.Id))
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
            Initialize(RoomId, RoomVisibility.Public, ownerId: null);
            created = true;
        }

        if (newMember || knownName != user.Name)
        {
            State.Members[user.Id] = user.Name;
            await WriteMembershipAsync(newMember ? user.Id : null);
        }

        if (created)
        {
            await CountRoomCreatedAsync();
        }

        if (!newMember)
        {
            // AddRoom is idempotent: this repairs a user's room list that missed an earlier AddRoom
            // (the call failed after the membership was stored).
            await GrainFactory.GetGrain<IUserGrain>(user.Id).AddRoom(RoomId);
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

        var (recent, recovered) = request.SinceSeq is { } sinceSeq
            ? Recover(sinceSeq, request.RecentLimit, request.RecoveryLimit)
            : (_history.Newest(request.RecentLimit), (bool?)null);

        return new JoinRoomResult
        {
            Room = Info(),
            Members = [.. State.Members.Select(member => new RoomMember
            {
                UserId = member.Key,
                Name = member.Value,
                Status = statuses.GetValueOrDefault(member.Key, PresenceStatus.Offline),
            })],
            RecentMessages = recent,
            LastSeq = _history.LastSeq,
            Recovered = recovered,
            NewMember = newMember,
            HasMore = recovered is not null && recent.Count > 0 && recent[^1].Seq < _history.LastSeq,
        };
    }

    public async Task<ChatError> Leave(string userId, CancellationToken cancellationToken = default)
    {
        if (!State.Members.Remove(userId))
        {
            // Idempotent on the user side: repairs a room list left behind by a failed earlier leave.
            await GrainFactory.GetGrain<IUserGrain>(userId).RemoveRoom(RoomId);
            return ChatError.NotInRoom;
        }

        await _room.WriteOrDeactivateAsync(GrainContext);
        _statuses.Remove(userId);
        await GrainFactory.GetGrain<IUserGrain>(userId).RemoveRoom(RoomId);
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

        Initialize(string.IsNullOrWhiteSpace(request.Name) ? RoomId : request.Name, request.Visibility, owner.Id);
        State.Invited.UnionWith(request.Members);
        State.Members[owner.Id] = owner.Name;
        await WriteMembershipAsync(owner.Id);
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
        var results = new SendMessageResult[requests.Length];
        var accepted = new List<(int Index, ChatMessage Message)>(requests.Length);
        for (var i = 0; i < requests.Length; i++)
        {
            if (Accept(requests[i], accepted) is { } answer)
            {
                results[i] = answer;
            }
            else
            {
                accepted.Add((i, NewMessage(requests[i], _history.LastSeq + accepted.Count + 1)));
            }
        }

        var stored = await StoreAsync(accepted.Select(entry => entry.Message).ToList());
        for (var i = 0; i < accepted.Count; i++)
        {
            var (index, message) = accepted[i];
            results[index] = i < stored
                ? new SendMessageResult { MessageId = message.Id, Seq = message.Seq, Timestamp = message.Timestamp }
                : SendMessageResult.Failed(ChatError.Unavailable);
        }

        return results;
    }

    /// <summary>The answer for a request that stores nothing (refused, or a duplicate); null to store it.</summary>
    private SendMessageResult? Accept(SendMessageRequest request, List<(int Index, ChatMessage Message)> batch)
    {
        var sender = request.Sender;
        if (!request.BypassMembership && !State.Members.ContainsKey(sender.Id))
        {
            return SendMessageResult.Failed(ChatError.NotInRoom);
        }

        if (string.IsNullOrWhiteSpace(request.Content))
        {
            return SendMessageResult.Failed(ChatError.InvalidFormat);
        }

        if (request.ClientMsgId is not { } clientMsgId)
        {
            return null;
        }

        var first = _history.TryFind(sender.Id, clientMsgId, out var stored)
            ? stored
            : batch.Select(entry => entry.Message).FirstOrDefault(message => message.UserId == sender.Id && message.ClientMsgId == clientMsgId);
        return first is null ? null : new SendMessageResult { MessageId = first.Id, Seq = first.Seq, Timestamp = first.Timestamp, Duplicate = true };
    }

    private ChatMessage NewMessage(SendMessageRequest request, long seq) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        RoomId = RoomId,
        Seq = seq,
        UserId = request.Sender.Id,
        User = request.Sender,
        Content = request.Content,
        Type = string.IsNullOrEmpty(request.Type) ? "text" : request.Type,
        Timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        ClientMsgId = request.ClientMsgId,
    };

    /// <summary>
    /// Stores the messages (consecutive seqs) one page write per page they span, then publishes the
    /// stored ones in one push. Returns how many were stored; throws when it is none.
    /// </summary>
    private async Task<int> StoreAsync(List<ChatMessage> messages)
    {
        var stored = 0;
        var startedPage = false;
        while (stored < messages.Count)
        {
            var page = _pages.PageOf(messages[stored].Seq);
            var onPage = messages.Skip(stored).TakeWhile(message => _pages.PageOf(message.Seq) == page).ToList();
            try
            {
                startedPage |= await _pages.AppendAsync(onPage);
            }
            catch (Exception exception)
            {
                // The seqs were not taken, so the next messages get them: never skipped. Should the
                // write have landed after all, the reloaded activation finds it: never reused.
                _logger.AppendFailed(RoomId, onPage[0].Seq, exception);
                GrainContext.Deactivate(StorageWrites.ReloadAfterFailedWrite);
                if (stored == 0)
                {
                    throw;
                }

                break;
            }

            onPage.ForEach(_history.Add);
            stored += onPage.Count;
        }

        if (stored > 0)
        {
            Publish([.. messages.Take(stored).Select(message => new RoomEvent
            {
                Kind = RoomEventKind.Message, RoomId = RoomId, UserId = message.UserId, Seq = message.Seq, Message = message,
            })]);
            await CompactAsync(startedPage);
        }

        return stored;
    }

    public Task<HistoryResult> GetHistory(HistoryRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.BypassMembership && !State.Members.ContainsKey(request.UserId))
        {
            return Task.FromResult(HistoryResult.Failed(ChatError.NotInRoom));
        }

        var limit = Math.Clamp(request.Limit, 1, 100);
        var beforeSeq = request.BeforeSeq ?? long.MaxValue;
        var messages = request.AfterSeq is { } afterSeq
            ? _history.Oldest(afterSeq, limit, beforeSeq)
            : _history.Newest(limit, beforeSeq);
        return Task.FromResult(new HistoryResult { Messages = messages, LastSeq = _history.LastSeq });
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

        return await GrainFactory.GetGrain<IUserGrain>(userId).JoinRoom(RoomId);
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
            await GrainFactory.GetGrain<IUserGrain>(newMemberId).RemoveRoom(RoomId);
            throw;
        }
    }

    private void Initialize(string name, string visibility, string? ownerId)
    {
        State.Exists = true;
        State.Name = name;
        State.Visibility = visibility;
        State.OwnerId = ownerId;
        State.CreatedAt = _time.GetUtcNow();
    }

    private bool MayEnter(string userId) =>
        State.Visibility == RoomVisibility.Public
        || State.OwnerId == userId
        || State.Invited.Contains(userId)
        || State.Members.ContainsKey(userId);

    private RoomInfo Info() => new() { Id = RoomId, Name = State.Name, Visibility = State.Visibility, OwnerId = State.OwnerId };

    /// <summary>
    /// The oldest retained messages after <paramref name="sinceSeq"/>, at most <paramref name="limit"/>
    /// (the client pages the rest from history); recovered when none between it and the last seq was
    /// lost to retention.
    /// </summary>
    private (IReadOnlyList<ChatMessage> Messages, bool? Recovered) Recover(long sinceSeq, int recentLimit, int limit)
    {
        if (sinceSeq > _history.LastSeq)
        {
            // The client saw seqs this room never had (its history was lost, e.g. in-memory storage
            // restarted): not recovered, and the recent messages as for a fresh join.
            return (_history.Newest(recentLimit), false);
        }

        if (sinceSeq == _history.LastSeq)
        {
            return ([], true);
        }

        return (_history.Oldest(sinceSeq, Math.Max(1, limit)), sinceSeq >= _history.FirstSeq - 1);
    }

    /// <summary>
    /// After a message is stored: clears pages that fell out of retention and, when the message
    /// opened a page, records it as the head. Both only save work later, so failures are logged.
    /// </summary>
    private async Task CompactAsync(bool startedPage)
    {
        try
        {
            await _pages.ClearBelowAsync(_pages.PageOf(_history.FirstSeq));
        }
        catch (Exception exception)
        {
            _logger.ClearPagesFailed(RoomId, exception);
        }

        if (startedPage)
        {
            State.HeadPage = _pages.HeadPage;
            State.OldestStoredPage = _pages.OldestStoredPage;
            try
            {
                await _room.WriteOrDeactivateAsync(GrainContext);
            }
            catch (Exception exception)
            {
                _logger.HeadPageWriteFailed(RoomId, _pages.HeadPage, exception);
            }
        }
    }

    private async Task CountRoomCreatedAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IChatStatsGrain>(0).RoomCreated();
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
}
