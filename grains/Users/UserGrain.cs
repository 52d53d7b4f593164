using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains;

/// <summary>
/// A user: the rooms they belong to and the durable queue of private messages that arrived
/// while they had no live connection. Replies come only after the state they report is stored.
/// </summary>
internal sealed class UserGrain(
    [PersistentState("user", ChatStorage.Name)] IPersistentState<UserState> user,
    IOptions<PresenceOptions> options,
    IOptions<MembershipLimitsOptions> limits,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly TimeSpan _claimLease = options.Value.PendingClaimLease;
    private PrivateMessageReceipts? _receipts;
    private PendingClaim? _claim;
    private readonly LeasedObservers<IUserObserver> _observers = new(time);

    private string UserId => this.GetPrimaryKeyString();

    private UserState State => user.State;

    private PrivateMessageReceipts Receipts => _receipts ??= new PrivateMessageReceipts(State.RecentPrivate);

    public Task<IReadOnlyList<string>> GetRooms() => Task.FromResult<IReadOnlyList<string>>([.. State.Rooms]);

    public Task<bool> Subscribe(IUserObserver observer) => Task.FromResult(_observers.Subscribe(observer));

    public Task Unsubscribe(IUserObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _observers.EndAll(static observer => observer.OnSubscriptionEnded());
        return Task.CompletedTask;
    }

    public async Task AddRoom(string roomId)
    {
        var index = State.Rooms.BinarySearch(roomId, StringComparer.Ordinal);
        if (index >= 0)
        {
            return;
        }

        State.Rooms.Insert(~index, roomId);
        await user.WriteOrDeactivateAsync(GrainContext);
        TryPublish(new UserEvent { Kind = UserEventKind.RoomJoined, UserId = UserId, RoomId = roomId });
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
        var index = State.Rooms.BinarySearch(roomId, StringComparer.Ordinal);
        if (index < 0)
        {
            return;
        }

        State.Rooms.RemoveAt(index);
        await user.WriteOrDeactivateAsync(GrainContext);
        TryPublish(new UserEvent { Kind = UserEventKind.RoomLeft, UserId = UserId, RoomId = roomId });
    }

    public async Task<SendPrivateMessageResult> ReceivePrivateMessage(SendPrivateMessageRequest request)
    {
        var sender = request.Sender;
        if (string.IsNullOrWhiteSpace(request.Content))
        {
            return new SendPrivateMessageResult { Error = ChatError.InvalidFormat };
        }

        if (request.ClientMsgId is { } clientMsgId && Receipts.Find(sender.Id, clientMsgId) is { } seen)
        {
            return new SendPrivateMessageResult { MessageId = seen.MessageId, Delivered = seen.Delivered, Duplicate = true };
        }

        var message = new PrivateMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            FromUserId = sender.Id,
            FromUser = sender,
            ToUserId = UserId,
            Content = request.Content,
            Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
            ClientMsgId = request.ClientMsgId,
        };
        var receipt = request.ClientMsgId is null
            ? null
            : new PrivateMessageReceipt { SenderId = sender.Id, ClientMsgId = request.ClientMsgId, MessageId = message.Id };

        if (await IsOnlineAsync())
        {
            if (receipt is not null)
            {
                // Only the receipt needs storing: the message itself goes straight to the live sessions.
                receipt.Delivered = true;
                Receipts.Add(receipt);
                await user.WriteOrDeactivateAsync(GrainContext);
            }

            if (TryPublish(new UserEvent { Kind = UserEventKind.PrivateMessage, UserId = UserId, PrivateMessage = message }))
            {
                return new SendPrivateMessageResult { MessageId = message.Id, Delivered = true };
            }

            // The live path failed: queue the message so the user's next connect delivers it.
            receipt?.Delivered = false;
        }
        else if (receipt is not null)
        {
            Receipts.Add(receipt);
        }

        State.Pending.Add(new PendingPrivateMessage { QueueSeq = State.NextQueueSeq++, Message = message });
        await user.WriteOrDeactivateAsync(GrainContext);
        return new SendPrivateMessageResult { MessageId = message.Id, Delivered = false };
    }

    public Task<PendingMessagesClaim> ClaimPending(string connectionId)
    {
        var now = time.GetUtcNow();
        if (_claim is { } open && open.ConnectionId != connectionId && open.ExpiresAt > now)
        {
            // Another connection is delivering these; it confirms, or its lease runs out.
            return Task.FromResult(new PendingMessagesClaim());
        }

        if (State.Pending.Count == 0)
        {
            _claim = null;
            return Task.FromResult(new PendingMessagesClaim());
        }

        var upTo = State.Pending[^1].QueueSeq;
        _claim = new PendingClaim(connectionId, upTo, now + _claimLease);
        return Task.FromResult(new PendingMessagesClaim
        {
            Messages = [.. State.Pending.Select(pending => pending.Message)],
            UpToQueueSeq = upTo,
        });
    }

    public async Task ConfirmPending(string connectionId, long upToQueueSeq)
    {
        if (_claim is not { } claim || claim.ConnectionId != connectionId)
        {
            // Not this connection's claim (it expired and another took over): the other one confirms.
            return;
        }

        // Never past the claim: messages queued after it were not handed to this connection.
        var upTo = Math.Min(upToQueueSeq, claim.UpToQueueSeq);
        _claim = null;
        if (State.Pending.RemoveAll(pending => pending.QueueSeq <= upTo) > 0)
        {
            await user.WriteOrDeactivateAsync(GrainContext);
        }
    }

    private async Task<bool> IsOnlineAsync()
    {
        try
        {
            return (await GrainFactory.GetGrain<IPresenceGrain>(UserId).GetPresence()).IsOnline;
        }
        catch (Exception exception)
        {
            // Queueing is the safe answer: a queued message is still delivered on the next connect.
            logger.PresenceReadFailed(UserId, exception);
            return false;
        }
    }

    /// <summary>
    /// Live events are best effort (one-way calls); returns whether any gateway was subscribed to
    /// take it. With none, a private message is queued instead: after a silo loss the gateways
    /// subscribe again, and hand queued messages over, at their next renewal.
    /// </summary>
    private bool TryPublish(UserEvent userEvent)
    {
        try
        {
            return _observers.Notify(userEvent, static (observer, item) => observer.OnUserEvent(item)) > 0;
        }
        catch (Exception exception)
        {
            logger.PublishFailed(UserId, userEvent.Kind, exception);
            return false;
        }
    }
}
