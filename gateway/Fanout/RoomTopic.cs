using System.Collections.Immutable;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// The gateway's view of one room: its subscription to the room's live events and the local
/// sessions in it. Messages are delivered to each session in seq order with no duplicate; a gap
/// (a lost event, or a session that joined between its join call and its registration) is
/// repaired from the room's history with one grain call for all the sessions concerned.
/// Events, subscribers joining and leaving are all serialized by <see cref="Gate"/>. This file holds
/// the local sessions (joins, cursors, leaving); RoomTopic.Delivery.cs the events and their repair.
/// </summary>
internal sealed partial class RoomTopic(string roomId, string gatewayId, IGrainFactory grains, ILogger logger)
    : ObserverTopic<IRoomObserver>(grains, logger), IRoomObserver
{
    private readonly IRoomGrain _room = grains.Reference<IRoomGrain>(roomId);
    private ImmutableArray<RoomSubscriber> _subscribers = [];
    private int _pendingJoins;

    // Sessions whose join-room is in flight, and those of them another path (the user's RoomJoined push,
    // which may overtake the join's own answer) tried to add meanwhile: the join registers them after its
    // ack, so no live message of the room reaches them before it.
    private readonly HashSet<ChatSession> _joining = [];
    private readonly HashSet<ChatSession> _addedWhileJoining = [];

    public string RoomId { get; } = roomId;

    protected override string Name => $"room {RoomId}";

    /// <summary>Highest seq this gateway has seen for the room (0 before any).</summary>
    public long LastSeenSeq { get; private set; }

    /// <summary>Highest change seq (edits and deletes) this gateway has seen for the room, from events or the subscription's answer.</summary>
    public long LastSeenChangeSeq { get; private set; }

    /// <summary>
    /// Subscribes ahead of a join call so no event published after it is missed, and pauses the
    /// session's live messages if it is already in the room. Returns null when the topic is closed,
    /// else the live deliveries the session already had: (first, last) seq, or (0, 0).
    /// </summary>
    public async Task<(long FirstLiveSeq, long LastLiveSeq)?> TryBeginJoinAsync(ChatSession session)
    {
        await Gate.WaitAsync();
        try
        {
            if (Closed)
            {
                return null;
            }

            await EnsureSubscribedLockedAsync();
            _pendingJoins++;
            _joining.Add(session);
            if (Find(session) is { } subscriber)
            {
                subscriber.Paused = true;
                return subscriber.FirstLiveSeq > 0 ? (subscriber.FirstLiveSeq, subscriber.Cursor) : (0, 0);
            }

            return (0, 0);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Ends a join begun with <see cref="TryBeginJoinAsync"/> that did not add the session.</summary>
    public async Task AbandonJoinAsync(ChatSession session)
    {
        await Gate.WaitAsync();
        try
        {
            _pendingJoins--;
            _joining.Remove(session);
            if (Find(session) is { Paused: true } subscriber)
            {
                subscriber.Paused = false;
                await CatchUpLockedAsync(subscriber);
            }
            else if (_addedWhileJoining.Remove(session) && !Closed)
            {
                // The join failed here but the user is a member (the room said so): add it as that push would have.
                _subscribers = _subscribers.Add(new RoomSubscriber(session, NoBaselineStart(), NoChangeBaselineStart()));
            }

            await CloseIfUnusedLockedAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Adds the session (or raises its cursors) and gives it any message it missed after
    /// <paramref name="cursor"/>, then any change after <paramref name="changeCursor"/>. Returns false
    /// when the topic is closed.
    /// </summary>
    public async Task<bool> TryAddAsync(ChatSession session, long cursor, bool completesJoin, long changeCursor = RoomSubscriber.NoBaseline)
    {
        await Gate.WaitAsync();
        try
        {
            if (Closed)
            {
                return false;
            }

            await EnsureSubscribedLockedAsync();
            if (completesJoin)
            {
                _pendingJoins--;
                _joining.Remove(session);
                _addedWhileJoining.Remove(session);
            }
            else if (_joining.Contains(session) && Find(session) is null)
            {
                _addedWhileJoining.Add(session);
                return true;
            }

            var subscriber = Find(session);
            if (subscriber is null)
            {
                // A session with no baseline starts at what the gateway has already seen.
                subscriber = new RoomSubscriber(session, cursor >= 0 ? cursor : NoBaselineStart(),
                    changeCursor >= 0 ? changeCursor : NoChangeBaselineStart());
                _subscribers = _subscribers.Add(subscriber);
            }
            else
            {
                subscriber.Cursor = Math.Max(subscriber.Cursor, cursor);
                subscriber.ChangeCursor = Math.Max(subscriber.ChangeCursor, changeCursor);
            }

            if (completesJoin)
            {
                subscriber.Paused = false;
            }

            await CatchUpLockedAsync(subscriber);
            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The seq of the last message the session was given here; null when it has none.</summary>
    public async Task<long?> CursorOfAsync(ChatSession session) => (await CursorsOfAsync(session)).Cursor;

    /// <summary>The seq of the last message and the change seq of the last change the session was given here; null when it has none.</summary>
    public async Task<(long? Cursor, long? ChangeCursor)> CursorsOfAsync(ChatSession session)
    {
        await Gate.WaitAsync();
        try
        {
            return Find(session) is { } subscriber
                ? (subscriber.Cursor >= 0 ? subscriber.Cursor : null, subscriber.ChangeCursor >= 0 ? subscriber.ChangeCursor : null)
                : (null, null);
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
            if (Find(session) is { } subscriber)
            {
                _subscribers = _subscribers.Remove(subscriber);
            }

            _addedWhileJoining.Remove(session);
            await CloseIfUnusedLockedAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private Task EnsureSubscribedLockedAsync() => SubscribeLockedAsync(async reference =>
    {
        if (reference is not null)
        {
            NoteSubscription(await _room.Subscribe(reference, gatewayId));
        }

        return true;
    });

    protected override Task UnsubscribeAsync(IRoomObserver reference) => _room.Unsubscribe(reference);

    private long NoBaselineStart() => LastSeenSeq > 0 ? LastSeenSeq : RoomSubscriber.NoBaseline;

    // The room tells its change counter on every subscribe: a session with no change baseline starts there.
    private long NoChangeBaselineStart() => Reference is not null ? LastSeenChangeSeq : RoomSubscriber.NoBaseline;

    private void NoteSubscription(RoomSubscription subscription) =>
        LastSeenChangeSeq = Math.Max(LastSeenChangeSeq, subscription.LastChangeSeq);

    /// <summary>
    /// Takes every session of a removed member out of the room at once, so no later event of the
    /// room reaches them; the user's RoomLeft push that follows then finds them gone.
    /// </summary>
    private void RemoveUserLocked(string userId)
    {
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Session.User.Id == userId)
            {
                _subscribers = _subscribers.Remove(subscriber);
                subscriber.Session.UntrackRoom(RoomId);
            }
        }

        foreach (var session in _addedWhileJoining.Where(session => session.User.Id == userId).ToList())
        {
            _addedWhileJoining.Remove(session);
        }
    }

    private RoomSubscriber? Find(ChatSession session)
    {
        foreach (var subscriber in _subscribers)
        {
            if (ReferenceEquals(subscriber.Session, session))
            {
                return subscriber;
            }
        }

        return null;
    }

    private async Task CloseIfUnusedLockedAsync()
    {
        if (_subscribers.IsEmpty && _pendingJoins == 0 && !Closed)
        {
            await CloseLockedAsync();
        }
    }
}
