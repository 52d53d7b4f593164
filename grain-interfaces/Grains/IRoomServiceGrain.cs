using Orleans.Chat.Model;
using Orleans.Concurrency;

namespace Orleans.Chat.Grains;

/// <summary>
/// The room grain's face for trusted server-side callers (the gateway's server API, backend
/// services on the cluster): the same activation as <see cref="IRoomGrain"/> (key: room id), with
/// actions that skip the membership and moderator checks a client goes through. Clients never
/// reach grain interfaces; a gateway calls these only for a request that carried the API key.
/// </summary>
[Alias("chat.IRoomServiceGrain")]
public interface IRoomServiceGrain : IGrainWithStringKey
{
    /// <summary>The room's info with its counters; null when the room does not exist.</summary>
    [AlwaysInterleave, Alias("GetDetails")] Task<RoomDetails?> GetDetails();

    /// <summary>
    /// Members after <paramref name="afterUserId"/> in ordinal order of their ids, at most
    /// <paramref name="limit"/>, with role and last known status; NotFound for an unknown room.
    /// </summary>
    [Alias("GetMembers")] Task<RoomMembersPage> GetMembers(string? afterUserId, int limit);

    /// <summary>Publishes an app-defined event to every member's connections as if <paramref name="service"/> sent it; NotFound for an unknown room.</summary>
    [Alias("RelayAsService")] Task<ChatError> RelayAsService(UserRef service, AppRoomEvent appEvent);

    /// <summary>
    /// Removes a member like a moderator's kick (member-removed by <paramref name="byUserId"/>, then
    /// room-left on the user's connections; a private room's invitation is dropped), without the
    /// role check; only the owner cannot be removed (NotAllowed). NotFound for an unknown room or a non-member.
    /// </summary>
    [Alias("KickAsService")] Task<ChatError> KickAsService(string userId, string byUserId);

    /// <summary>
    /// Makes a message a tombstone like a moderator's delete (message-deleted by <paramref name="service"/>,
    /// a file message's content removed); NotFound for an unknown room or seq.
    /// </summary>
    [Alias("DeleteAsService")] Task<MessageChangeResult> DeleteAsService(UserRef service, long seq);
}

/// <summary>A room as the server API describes it.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomDetails")]
public sealed record RoomDetails
{
    [Id(0)] public required RoomInfo Room { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [Id(1)] public long CreatedAt { get; init; }
    [Id(2)] public int MemberCount { get; init; }
    [Id(3)] public long LastSeq { get; init; }
}

/// <summary>One page of a room's members; <see cref="HasMore"/> when members follow the last one.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomMembersPage")]
public sealed record RoomMembersPage
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public IReadOnlyList<RoomMember> Members { get; init; } = [];
    [Id(2)] public bool HasMore { get; init; }

    public static RoomMembersPage Failed(ChatError error) => new() { Error = error };
}
