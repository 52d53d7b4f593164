using Orleans.Chat.Model;

namespace Orleans.Chat.Events;

public enum UserEventKind
{
    PrivateMessage = 0,

    /// <summary>The user became a member of <see cref="UserEvent.RoomId"/>: subscribe all their sessions.</summary>
    RoomJoined = 1,

    /// <summary>The user left <see cref="UserEvent.RoomId"/>: unsubscribe all their sessions.</summary>
    RoomLeft = 2,

    /// <summary>A message of one of the user's conversations was edited (<see cref="UserEvent.Change"/>).</summary>
    MessageEdited = 3,

    /// <summary>A message of one of the user's conversations was deleted (<see cref="UserEvent.Change"/>).</summary>
    MessageDeleted = 4,

    /// <summary>
    /// <see cref="UserEvent.Receipt"/>: someone (the other user, or this user on another device) read one of
    /// the user's conversations up to a seq.
    /// </summary>
    ReadReceipt = 5,

    /// <summary>
    /// <see cref="UserEvent.Call"/>: a call signal, for every session of the user unless
    /// <see cref="UserEvent.TargetSessionId"/> or <see cref="UserEvent.ExceptSessionId"/> narrow it.
    /// </summary>
    Call = 6,

    /// <summary><see cref="UserEvent.AppEvent"/>: an app-defined event from a backend service, for every session of the user.</summary>
    AppEvent = 7,

    /// <summary>A backend service ends every live session of the user (<see cref="UserEvent.Reason"/>, if any, says why).</summary>
    Disconnect = 8,
}

/// <summary>One event pushed to the gateways of a user (IUserObserver): delivered to every live session of that user.</summary>
[GenerateSerializer, Immutable, Alias("chat.UserEvent")]
public sealed record UserEvent
{
    [Id(0)] public required UserEventKind Kind { get; init; }
    [Id(1)] public required string UserId { get; init; }
    [Id(2)] public PrivateMessage? PrivateMessage { get; init; }
    [Id(3)] public string? RoomId { get; init; }
    [Id(4)] public MessageChange? Change { get; init; }
    [Id(5)] public ReadReceipt? Receipt { get; init; }

    /// <summary>On <see cref="UserEventKind.RoomLeft"/> after a kick: who kicked the user (their sessions get member-removed).</summary>
    [Id(6)] public string? ByUserId { get; init; }

    [Id(7)] public CallSignal? Call { get; init; }

    /// <summary>Only this session of the user gets the event (a call's answering connection).</summary>
    [Id(8)] public string? TargetSessionId { get; init; }

    /// <summary>Every session of the user but this one gets the event (answered-elsewhere).</summary>
    [Id(9)] public string? ExceptSessionId { get; init; }

    /// <summary>On <see cref="UserEventKind.AppEvent"/>: the event's name (the server event clients receive) and its data.</summary>
    [Id(10)] public AppRoomEvent? AppEvent { get; init; }

    /// <summary>On <see cref="UserEventKind.Disconnect"/>: a short reason for the native close frame; null for the default.</summary>
    [Id(11)] public string? Reason { get; init; }
}
