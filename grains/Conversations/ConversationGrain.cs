using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains.Files;
using Orleans.Chat.Grains.Metrics;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains;

/// <summary>
/// The conversation of two users. A message is stored in its page before anything else happens,
/// so a send that returns success never depends on a live connection; then both users' indexes
/// record it (and push it live). Seqs are gap-free: a seq is taken only once its message is stored.
/// Edits and deletes (<see cref="ConversationChanges"/>) and read receipts (<see cref="ConversationReceipts"/>)
/// are stored the same way first, then told to both users (<see cref="ConversationPushes"/>).
/// </summary>
/// <remarks>
/// Stores run under <see cref="_writes"/> and never call a user grain, because <see cref="Import"/>
/// interleaves with a send that is waiting on a user grain (that user grain may be the one
/// importing, while activating). Index updates run after the lock is released.
/// </remarks>
internal sealed class ConversationGrain : Grain, IConversationGrain
{
    private readonly IPersistentState<ConversationState> _state;
    private readonly ConversationOptions _options;
    private readonly int _newPageSize;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversationGrain> _logger;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private MessageHistory<ConversationHistoryPage, PrivateMessage, ConversationState> _history = null!;
    private ConversationChanges _changes = null!;
    private ConversationPushes _pushes = null!;
    private ConversationReceipts _receipts = null!;
    private readonly ChatEventPublisher? _events;
    private long _lastActivity;

    public ConversationGrain(
        [PersistentState("conversation", ChatStorage.Name)] IPersistentState<ConversationState> state,
        IOptions<ConversationOptions> options,
        IOptions<RoomHistoryOptions> pages,
        IOptions<ChatEventsOptions> events,
        TimeProvider time,
        ILogger<ConversationGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _newPageSize = pages.Value.HistoryPageSize;
        _time = time;
        _logger = logger;
        _events = ChatEventPublisher.Create(this, ChatEventScope.Conversation, events.Value, time, () => _history.LastSeq, logger);
    }

    private string ConversationId => this.GetPrimaryKeyString();

    private ConversationState State => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        State.PageSize = State.PageSize > 0 ? State.PageSize : _newPageSize;
        _history = new(GrainContext, _state, State.PageSize, _options.HistoryPerConversation, _logger);
        _changes = new(ConversationId, _history, _time);
        _pushes = new(GrainFactory, ConversationId, _logger);
        _receipts = new(this, _time, _pushes.ReceiptAsync);
        foreach (var message in await _history.LoadAsync())
        {
            NoteStored(message);
        }

        _logger.ConversationLoaded(ConversationId, _history.LastSeq, _history.HeadPage);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        ChatEventPublisher.DrainAsync(_events, cancellationToken);

    public async Task<SendPrivateMessageResult> Send(SendPrivateMessageRequest request, CancellationToken cancellationToken = default)
    {
        var sender = request.Sender;
        if (string.IsNullOrWhiteSpace(request.Content)
            || ConversationIds.For(sender.Id, request.RecipientId) != ConversationId
            || !CallRecording.IsWellFormed(request)
            || !FileContentRemoval.IsConsistent(request.Type, request.File))
        {
            return SendPrivateMessageResult.Failed(ChatError.InvalidFormat);
        }

        PrivateMessage message;
        var duplicate = false;
        await _writes.WaitAsync();
        try
        {
            if (request.ClientMsgId is { } clientMsgId && _history.TryFind(sender.Id, clientMsgId, out var stored))
            {
                // Stored before, but its index updates may have failed: they run again below.
                (message, duplicate) = (stored, true);
            }
            else if (request.RecipientId != sender.Id && Unread(request.RecipientId) >= _options.MaxUnreadPrivateMessages)
            {
                return SendPrivateMessageResult.Failed(ChatError.QuotaExceeded);
            }
            else
            {
                message = NewMessage(request);
                await StoreAsync(message, sender);
                ChatMeter.ConversationMessageStored();
            }
        }
        finally
        {
            _writes.Release();
        }

        var delivered = await RecordInIndexesAsync(message);
        return delivered is null
            ? SendPrivateMessageResult.Failed(ChatError.Unavailable)
            : new SendPrivateMessageResult
            {
                MessageId = message.Id,
                ConversationId = ConversationId,
                Seq = message.Seq,
                Timestamp = message.Timestamp,
                Delivered = delivered.Value,
                Duplicate = duplicate,
            };
    }

    public Task<ConversationHistoryResult> GetHistory(ConversationHistoryRequest request, CancellationToken cancellationToken = default)
    {
        if (!ConversationIds.IsParticipant(ConversationId, request.UserId, out _))
        {
            return Task.FromResult(new ConversationHistoryResult { Error = ChatError.InvalidFormat });
        }

        var messages = _history.Read(request.AfterSeq, request.BeforeSeq, request.Limit);
        return Task.FromResult(new ConversationHistoryResult { Messages = messages, LastSeq = _history.LastSeq, LastChangeSeq = _history.LastChangeSeq });
    }

    public Task<IReadOnlyList<PrivateMessage>> GetUnread(string userId, int limit) => Task.FromResult(NewestUnread(userId, limit));

    public Task<IReadOnlyList<long>> GetUnreadTimestamps(string userId, int limit) =>
        Task.FromResult<IReadOnlyList<long>>([.. NewestUnread(userId, limit).Select(message => message.Timestamp)]);

    public Task<PrivateMessage?> GetLastMessage(CancellationToken cancellationToken = default) => Task.FromResult(_history.Newest(1).FirstOrDefault());

    public async Task<ChatError> MarkRead(UserRef user, long seq, CancellationToken cancellationToken = default)
    {
        if (!ConversationIds.IsParticipant(ConversationId, user.Id, out _))
        {
            return ChatError.InvalidFormat;
        }

        if (_history.LastSeq == 0)
        {
            // Nothing to read: store nothing, so reads of made-up conversations leave no records behind.
            return ChatError.None;
        }

        long target;
        bool moved;
        await _writes.WaitAsync();
        try
        {
            target = Math.Min(seq, _history.LastSeq);
            moved = target > ReadSeqOf(user.Id);
            if (moved)
            {
                State.ReadSeq[user.Id] = target;
            }

            if (moved | RememberUser(user))
            {
                await _state.WriteOrDeactivateAsync(GrainContext);
            }
        }
        finally
        {
            _writes.Release();
        }

        // Also when the cursor did not move: this repairs an index that missed an earlier update.
        await GrainFactory.Reference<IUserGrain>(user.Id).RecordConversation(EntryFor(user.Id), message: null);
        if (moved)
        {
            await _receipts.ReadAsync(new ReadReceipt { ScopeId = ConversationId, UserId = user.Id, Seq = target });
        }

        return ChatError.None;
    }

    public Task<MessageChangeResult> Edit(EditMessageRequest request) => ChangeAsync(request.User, () => _changes.EditAsync(request));

    public async Task<MessageChangeResult> Delete(DeleteMessageRequest request)
    {
        var result = await ChangeAsync(request.User, () => _changes.DeleteAsync(request));
        if (result.Error == ChatError.None && _history.TryGet(request.Seq, out var tombstone))
        {
            // Also for a repeated delete: it finishes a content removal that failed before.
            await FileContentRemoval.RemoveAsync(GrainFactory, tombstone.File, ConversationId, request.Seq, _logger);
        }

        return result;
    }

    public Task<ConversationChangesResult> GetChanges(ChangesRequest request) =>
        Task.FromResult(ConversationIds.IsParticipant(ConversationId, request.UserId, out _)
            ? _changes.Read(request)
            : ConversationChangesResult.Failed(ChatError.InvalidFormat));

    public async Task<ConversationEntry> Import(PrivateMessage queued)
    {
        if (ConversationIds.For(queued.FromUserId, queued.ToUserId) != ConversationId)
        {
            throw new ArgumentException($"Message {queued.Id} does not belong to conversation {ConversationId}.", nameof(queued));
        }

        var dedupeKey = queued.ClientMsgId ?? "migrated:" + queued.Id;
        await _writes.WaitAsync();
        try
        {
            if (!_history.TryFind(queued.FromUserId, dedupeKey, out _))
            {
                var message = queued with { ConversationId = ConversationId, Seq = _history.LastSeq + 1, ClientMsgId = dedupeKey };
                await StoreAsync(message, queued.FromUser);
                _logger.Imported(ConversationId, message.Id, message.Seq);
            }
        }
        finally
        {
            _writes.Release();
        }

        if (queued.FromUserId != queued.ToUserId)
        {
            // Not awaited: the sender's grain may itself be activating and importing into this conversation.
            GrainFactory.Reference<IUserGrain>(queued.FromUserId).RecordConversation(EntryFor(queued.FromUserId), message: null).Ignore();
        }

        return EntryFor(queued.ToUserId);
    }

    private PrivateMessage NewMessage(SendPrivateMessageRequest request) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ConversationId = ConversationId,
        Seq = _history.LastSeq + 1,
        FromUserId = request.Sender.Id,
        FromUser = request.Sender,
        ToUserId = request.RecipientId,
        Content = request.Content,
        Type = string.IsNullOrEmpty(request.Type) ? "text" : request.Type,
        Timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        ClientMsgId = request.ClientMsgId,
        File = request.File,
        Call = request.Call,
    };

    /// <summary>Writes the message's page (on failure the seq stays free and the activation reloads), then compacts.</summary>
    private async Task StoreAsync(PrivateMessage message, UserRef sender)
    {
        var (_, startedPage) = await _history.StoreAsync([message]);
        _events?.PrivateMessage(message);
        NoteStored(message);
        var newName = RememberUser(sender);
        await _history.CompactAsync(writeOwnerState: startedPage || newName);
    }

    /// <summary>
    /// Records both users' index entries in parallel; each pushes the message to its user's gateways.
    /// Returns whether the recipient's push was taken, or null when the recipient's index failed.
    /// </summary>
    private async Task<bool?> RecordInIndexesAsync(PrivateMessage message)
    {
        var toRecipient = TryRecordAsync(message.ToUserId, message);
        var toSender = message.FromUserId == message.ToUserId ? toRecipient : TryRecordAsync(message.FromUserId, message);
        await Task.WhenAll(toRecipient, toSender);
        return await toRecipient;
    }

    private async Task<bool?> TryRecordAsync(string userId, PrivateMessage message)
    {
        try
        {
            return await GrainFactory.Reference<IUserGrain>(userId).RecordConversation(EntryFor(userId), message);
        }
        catch (Exception exception)
        {
            _logger.ConversationIndexUpdateFailed(ConversationId, message.Seq, userId, exception);
            return null;
        }
    }

    private ConversationEntry EntryFor(string userId)
    {
        ConversationIds.IsParticipant(ConversationId, userId, out var otherId);
        return new ConversationEntry
        {
            ConversationId = ConversationId,
            WithUser = State.Users.GetValueOrDefault(otherId) ?? new UserRef { Id = otherId, Name = otherId },
            LastSeq = _history.LastSeq,
            ReadSeq = ReadSeqOf(userId),
            LastActivity = _lastActivity,
            LastChangeSeq = _history.LastChangeSeq,
        };
    }

    /// <summary>A message is stored: its sender has read the conversation up to it.</summary>
    private void NoteStored(PrivateMessage message)
    {
        State.ReadSeq[message.FromUserId] = Math.Max(State.ReadSeq.GetValueOrDefault(message.FromUserId), message.Seq);
        _lastActivity = Math.Max(_lastActivity, message.Timestamp);
    }

    /// <summary>Records the user's current display name; true when it is new or changed.</summary>
    private bool RememberUser(UserRef user)
    {
        if (State.Users.TryGetValue(user.Id, out var known) && known == user)
        {
            return false;
        }

        State.Users[user.Id] = user;
        return true;
    }

    /// <summary>
    /// Seqs are gap-free and everything after a user's cursor is from the other user (sending moves
    /// one's own cursor), so the unread messages are exactly the newest Unread ones.
    /// </summary>
    private IReadOnlyList<PrivateMessage> NewestUnread(string userId, int limit)
    {
        var count = ConversationIds.IsParticipant(ConversationId, userId, out _) ? (int)Math.Min(Unread(userId), Math.Max(0, limit)) : 0;
        return count == 0 ? [] : _history.Newest(count);
    }

    /// <summary>Stores an edit or delete under the write lock, then (lock released) tells both users when it changed anything.</summary>
    private async Task<MessageChangeResult> ChangeAsync(UserRef user, Func<Task<(MessageChangeResult Result, bool IsNew)>> change)
    {
        if (!ConversationIds.IsParticipant(ConversationId, user.Id, out var otherUserId))
        {
            return MessageChangeResult.Failed(ChatError.InvalidFormat);
        }

        MessageChangeResult result;
        bool isNew;
        await _writes.WaitAsync();
        try
        {
            (result, isNew) = await change();
            if (isNew)
            {
                // Under the lock: change seqs reach the feed in the order they were taken.
                _events?.Changed(result.Change!);
            }
        }
        finally
        {
            _writes.Release();
        }

        if (isNew)
        {
            await _pushes.ChangedAsync(result.Change!, user.Id, otherUserId, EntryFor);
        }

        return result;
    }

    private long ReadSeqOf(string userId) => Math.Min(State.ReadSeq.GetValueOrDefault(userId), _history.LastSeq);

    private long Unread(string userId) => _history.LastSeq - ReadSeqOf(userId);
}
