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

    /// <summary>Events the subject user's own sessions must not receive ("to the room's other / remaining members").</summary>
    public bool ExcludesSubject => Kind is RoomEventKind.UserJoined or RoomEventKind.UserLeft or RoomEventKind.Typing or RoomEventKind.StoppedTyping;
}

/// <summary>Room events pushed to a gateway in one call, in order.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomEventBatch")]
public sealed record RoomEventBatch
{
    [Id(0)] public required RoomEvent[] Events { get; init; }
}
