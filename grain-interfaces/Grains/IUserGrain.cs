using Orleans.Chat.Events;
using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// A user (key: user id). Owns the rooms the user belongs to and the index of their two-user
/// conversations (last seq, read cursor, last activity of each); pushes the user's live events to the
/// receivers of the gateways that hold the user's connections, as the user's presence partition
/// (<see cref="IPresencePartitionGrain"/>) knows them. Holds nothing the user's connections need while idle:
/// an idle connected user's activation is collected like any other.
/// </summary>
[Alias("chat.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    [Alias("GetRooms")] Task<IReadOnlyList<string>> GetRooms(CancellationToken cancellationToken = default);

    /// <summary>Called by a room grain when the user becomes a member; tells the user's live sessions.</summary>
    [Alias("AddRoom")] Task AddRoom(string roomId);

    /// <summary>
    /// Called by a room grain before it makes the user a member: adds the room (as <see cref="AddRoom"/>)
    /// unless the user is at the rooms-per-user cap, then QuotaExceeded. Idempotent.
    /// </summary>
    [Alias("JoinRoom")] Task<ChatError> JoinRoom(string roomId);

    /// <summary>Called by a room grain when the user leaves; tells the user's live sessions.</summary>
    [Alias("RemoveRoom")] Task RemoveRoom(string roomId);

    /// <summary>Called by a room grain when <paramref name="byUserId"/> kicked the user: <see cref="RemoveRoom"/>, and the user's sessions get member-removed.</summary>
    [Alias("RemoveRoomByKick")] Task RemoveRoomByKick(string roomId, string byUserId);

    /// <summary>
    /// Called by a conversation grain: merges what it knows into the user's index (idempotent,
    /// fields only move forward) and stores it, then pushes <paramref name="message"/>, if any and
    /// new to the index, to the user's gateways. Returns whether any gateway took (or, for a message
    /// the index already had, would take) the push.
    /// </summary>
    [Alias("RecordConversation")] Task<bool> RecordConversation(ConversationEntry entry, PrivateMessage? message);

    /// <summary>
    /// Moves the user's read cursor of a room forward (clamped by the room, which also sends the
    /// read-receipt) and stores it. NotInRoom when the room is not in the user's list.
    /// </summary>
    [Alias("MarkRoomRead")] Task<ChatError> MarkRoomRead(string roomId, long seq);

    /// <summary>The user's rooms with role, last message, activity and unread count, most recently active first.</summary>
    [Alias("GetRoomSummaries")] Task<IReadOnlyList<RoomSummary>> GetRoomSummaries(int limit, CancellationToken cancellationToken = default);

    /// <summary>Called by a conversation grain: pushes a change or a read receipt of one of the user's conversations to the user's gateways.</summary>
    [Alias("Publish")] Task Publish(UserEvent userEvent);

    /// <summary>
    /// A session opens, in one turn: counts the connection with the gateway's receiver in the user's presence partition
    /// (<see cref="IPresencePartitionGrain.Connect"/>; the first one anywhere publishes online to the rooms), and answers the session's view of the user: the room ids,
    /// the sidebar (at most <see cref="SessionOpening.SidebarLimit"/> rooms and conversations) and at most
    /// <see cref="SessionOpening.PendingLimit"/> conversations with unread messages.
    /// Not cancellable: the gateway must know whether the connection was counted.
    /// </summary>
    [Alias("OpenSession")] Task<SessionStart> OpenSession(SessionOpening opening);

    /// <summary>Sets online, away or busy (InvalidFormat for anything else) and publishes it to the user's rooms; nothing while offline.</summary>
    [Alias("SetStatus")] Task<ChatError> SetStatus(string status, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user's presence partition changed the user's presence on its own (a disconnect, a lapsed gateway, a
    /// re-assert): the grain publishes a status change to the rooms and keeps the receivers if they are newer than
    /// what it knows.
    /// </summary>
    [OneWay, Alias("OnPresenceChanged")] Task OnPresenceChanged(PresenceChange change);

    /// <summary>
    /// Keeps where a disconnected Socket.IO session of the user stood (key: its private session id, pid) for
    /// <paramref name="keepFor"/>, in memory, at most Limits:RecoveryPointsPerUser of them.
    /// </summary>
    [AlwaysInterleave, Alias("SaveRecoveryPoint")] Task SaveRecoveryPoint(string pid, SessionRecoveryPoint point, TimeSpan keepFor);

    /// <summary>The recovery point saved under <paramref name="pid"/>, once, if it has not expired; otherwise null.</summary>
    [AlwaysInterleave, Alias("TakeRecoveryPoint")] Task<SessionRecoveryPoint?> TakeRecoveryPoint(string pid);

    /// <summary>The user's conversations, most recently active first (only those with unread messages when asked).</summary>
    [Alias("GetConversations")] Task<IReadOnlyList<ConversationEntry>> GetConversations(int limit, bool unreadOnly, CancellationToken cancellationToken = default);
}
