using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// A user (key: user id). Owns the rooms the user belongs to and the durable queue of
/// private messages that arrived while the user had no live connection.
/// </summary>
[Alias("chat.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    [Alias("GetRooms")] Task<IReadOnlyList<string>> GetRooms();

    /// <summary>
    /// Pushes the user's live events to the observer (one per gateway with sessions of the user)
    /// until it unsubscribes or its lease (<see cref="LiveEventLease.Lease"/>) lapses; calling
    /// again renews it. Returns whether it was already subscribed.
    /// </summary>
    [AlwaysInterleave, Alias("Subscribe")] Task<bool> Subscribe(IUserObserver observer);

    [AlwaysInterleave, Alias("Unsubscribe")] Task Unsubscribe(IUserObserver observer);

    /// <summary>Called by a room grain when the user becomes a member; tells the user's live sessions.</summary>
    [Alias("AddRoom")] Task AddRoom(string roomId);

    /// <summary>
    /// Called by a room grain before it makes the user a member: adds the room (as <see cref="AddRoom"/>)
    /// unless the user is at the rooms-per-user cap, then QuotaExceeded. Idempotent.
    /// </summary>
    [Alias("JoinRoom")] Task<ChatError> JoinRoom(string roomId);

    /// <summary>Called by a room grain when the user leaves; tells the user's live sessions.</summary>
    [Alias("RemoveRoom")] Task RemoveRoom(string roomId);

    /// <summary>Delivers a private message to this user (the recipient), or queues it durably when offline.</summary>
    [Alias("ReceivePrivateMessage")] Task<SendPrivateMessageResult> ReceivePrivateMessage(SendPrivateMessageRequest request);

    /// <summary>
    /// Hands the queued messages to one connection. While that claim is open (until confirmed or
    /// its lease expires) other connections get none, so each message is handed over once.
    /// </summary>
    [Alias("ClaimPending")] Task<PendingMessagesClaim> ClaimPending(string connectionId);

    /// <summary>Removes the messages of the connection's claim, once they are written to it.</summary>
    [Alias("ConfirmPending")] Task ConfirmPending(string connectionId, long upToQueueSeq);
}
