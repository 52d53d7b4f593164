namespace Orleans.Chat.Client;

/// <summary>A member was kicked from a room (the user itself included: the client then forgets the room).</summary>
public sealed record MemberRemovedEvent
{
    /// <summary>The room.</summary>
    public required string RoomId { get; init; }

    /// <summary>The removed user.</summary>
    public required string UserId { get; init; }

    /// <summary>The owner or admin who kicked them.</summary>
    public required string By { get; init; }
}
