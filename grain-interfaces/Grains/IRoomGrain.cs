using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// A chat room (key: room id). Owns info, access control, durable membership, the
/// per-room seq, paged message history and the clientMsgId dedupe window. Pushes every
/// event to the subscribed gateways after the state it describes is stored.
/// </summary>
[Alias("chat.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey, IGatewayDependentGrain
{
    /// <summary>Makes the user a member (creating a public room on first join) and returns the room state.</summary>
    [Alias("Join")] Task<JoinRoomResult> Join(JoinRoomRequest request, CancellationToken cancellationToken = default);

    [Alias("Leave")] Task<ChatError> Leave(string userId, CancellationToken cancellationToken = default);

    [Alias("Create")] Task<CreateRoomResult> Create(CreateRoomRequest request, CancellationToken cancellationToken = default);

    /// <summary>Admits another user to a private room. Owner only.</summary>
    [Alias("Invite")] Task<ChatError> Invite(string actingUserId, string invitedUserId, CancellationToken cancellationToken = default);

    /// <summary>Assigns the next seq, stores the message durably, then publishes it.</summary>
    [Alias("Send")] Task<SendMessageResult> Send(SendMessageRequest request);

    /// <summary>
    /// <see cref="Send"/> for several messages in one call, in order: one page write and one push
    /// per gateway for all of them (gateways batch the sends that queue up behind a call in flight).
    /// Throws when nothing could be stored; a later page failing marks the rest unavailable.
    /// </summary>
    [Alias("SendBatch")] Task<SendMessageResult[]> SendBatch(SendMessageRequest[] requests);

    [Alias("GetHistory")] Task<HistoryResult> GetHistory(HistoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>Publishes user-typing (true) or user-stopped-typing (false) to the room.</summary>
    [Alias("SetTyping")] Task<ChatError> SetTyping(UserRef user, bool typing, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called by a member's user grain (its presence): records the status and publishes presence-update.
    /// Interleaves, and does all it does without waiting: a user grain publishing its presence may hold the
    /// very turn this room waits on (a join asks the user grain for room in its list).
    /// </summary>
    [AlwaysInterleave, Alias("PublishPresence")] Task PublishPresence(PresenceUpdate update);

    /// <summary>
    /// Pushes the room's live events to the observer (one per gateway) until it unsubscribes or its
    /// gateway's lease (<see cref="IGatewayRegistryGrain"/>) lapses; calling again re-asserts it.
    /// </summary>
    [AlwaysInterleave, Alias("Subscribe")] Task<RoomSubscription> Subscribe(IRoomObserver observer, string gatewayId);

    [AlwaysInterleave, Alias("Unsubscribe")] Task Unsubscribe(IRoomObserver observer);

    /// <summary>Whether the user is a member now (file downloads ask it).</summary>
    [AlwaysInterleave, Alias("IsMember")] Task<bool> IsMember(string userId);

    /// <summary>Null when the room does not exist yet.</summary>
    [Alias("GetInfo")] Task<RoomInfo?> GetInfo();

    /// <summary>
    /// Replaces a message's content (author only; not a deleted one): rewrites its history page,
    /// takes the next change seq, then publishes message-edited.
    /// </summary>
    [Alias("Edit")] Task<MessageChangeResult> Edit(EditMessageRequest request);

    /// <summary>Makes a message a tombstone (author, owner or admin), like <see cref="Edit"/>; deleting a tombstone again is a success with no change.</summary>
    [Alias("Delete")] Task<MessageChangeResult> Delete(DeleteMessageRequest request);

    /// <summary>Members only: the retained messages changed after a change seq (for catching up on edits and deletes).</summary>
    [Alias("GetChanges")] Task<RoomChangesResult> GetChanges(ChangesRequest request);

    /// <summary>
    /// Called by the member's user grain on mark-read: checks membership, clamps the seq to the room's
    /// last seq and queues the read-receipt (at most one per user per second; later reads within the
    /// second replace the queued one). Stores nothing: the user grain stores the cursor.
    /// </summary>
    [AlwaysInterleave, Alias("ReadUpTo")] Task<ReadResult> ReadUpTo(string userId, long seq);

    /// <summary>The room as <paramref name="userId"/> sees it in their room list; null when they are not a member.</summary>
    [AlwaysInterleave, Alias("GetSummary")] Task<RoomSummary?> GetSummary(string userId, long readSeq);

    /// <summary>Owner only: makes a member an admin or a member again; publishes role-changed.</summary>
    [Alias("SetRole")] Task<ChatError> SetRole(string actingUserId, string userId, string role);

    /// <summary>
    /// Owner or admin (an admin may kick members only, nobody may kick the owner): the user stops
    /// being a member and loses a private room's invitation; publishes member-removed, then updates
    /// the user's room list (which takes their sessions out of the room).
    /// </summary>
    [Alias("Kick")] Task<ChatError> Kick(string actingUserId, string userId);

    /// <summary>Owner or admin: changes the name and/or topic; publishes room-updated.</summary>
    [Alias("Update")] Task<UpdateRoomResult> Update(string actingUserId, RoomUpdate update);

    /// <summary>Members only: publishes an app-defined event to the other members. Nothing is stored.</summary>
    [AlwaysInterleave, Alias("Relay")] Task<ChatError> Relay(UserRef user, AppRoomEvent appEvent);
}
