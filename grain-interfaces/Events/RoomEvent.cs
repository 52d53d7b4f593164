using Orleans.Chat.Model;

namespace Orleans.Chat.Events;

public enum RoomEventKind
{
    Message = 0,
    UserJoined = 1,
    UserLeft = 2,
    Typing = 3,
    StoppedTyping = 4,
    Presence = 5,

    /// <summary><see cref="RoomEvent.Change"/> is an edit (to every member's connections).</summary>
    MessageEdited = 6,

    /// <summary><see cref="RoomEvent.Change"/> is a delete (to every member's connections).</summary>
    MessageDeleted = 7,

    /// <summary><see cref="RoomEvent.Receipt"/>: a member read up to a seq (to every member, the reader's other devices included).</summary>
    ReadReceipt = 8,

    /// <summary>
    /// <see cref="RoomEvent.UserId"/> was kicked by <see cref="RoomEvent.ByUserId"/>: to the other members; the
    /// gateway takes the removed user's sessions out of the room on it, before any later event. The removed
    /// user's own sessions hear of it through their user's RoomLeft push, which the room's push may not precede.
    /// </summary>
    MemberRemoved = 9,

    /// <summary><see cref="RoomEvent.Room"/> holds the new name and topic.</summary>
    RoomUpdated = 10,

    /// <summary><see cref="RoomEvent.UserId"/> now has <see cref="RoomEvent.Role"/>.</summary>
    RoleChanged = 11,

    /// <summary>An app-defined event relayed to the other members, not stored (<see cref="RoomEvent.AppEvent"/>).</summary>
    AppEvent = 12,
}

/// <summary>
/// One live event of a room. Gateways receive it once per room and write it to every
/// local session in the room, so it carries everything needed to encode it once.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.RoomEvent")]
public sealed record RoomEvent
{
    [Id(0)] public required RoomEventKind Kind { get; init; }
    [Id(1)] public required string RoomId { get; init; }

    /// <summary>The user the event is about (sender, joiner, typist...).</summary>
    [Id(2)] public required string UserId { get; init; }

    /// <summary>Seq of the room message; 0 for events that are not messages.</summary>
    [Id(3)] public long Seq { get; init; }
    [Id(4)] public ChatMessage? Message { get; init; }
    [Id(5)] public UserRef? User { get; init; }
    [Id(6)] public PresenceUpdate? Presence { get; init; }
    [Id(7)] public MessageChange? Change { get; init; }
    [Id(8)] public ReadReceipt? Receipt { get; init; }

    /// <summary>The room after an update.</summary>
    [Id(9)] public RoomInfo? Room { get; init; }

    /// <summary>The new role of <see cref="UserId"/> (RoleChanged).</summary>
    [Id(10)] public string? Role { get; init; }

    /// <summary>Who acted on <see cref="UserId"/> (MemberRemoved).</summary>
    [Id(11)] public string? ByUserId { get; init; }
    [Id(12)] public AppRoomEvent? AppEvent { get; init; }

    /// <summary>Events the subject user's own sessions must not receive ("to the room's other / remaining members").</summary>
    public bool ExcludesSubject => Kind is RoomEventKind.UserJoined or RoomEventKind.UserLeft or RoomEventKind.Typing
        or RoomEventKind.StoppedTyping or RoomEventKind.AppEvent or RoomEventKind.MemberRemoved;
}

/// <summary>Room events pushed to a gateway in one call, in order.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomEventBatch")]
public sealed record RoomEventBatch
{
    [Id(0)] public required RoomEvent[] Events { get; init; }
}
