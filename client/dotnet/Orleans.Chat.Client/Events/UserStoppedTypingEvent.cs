namespace Orleans.Chat.Client;

/// <summary>A member stopped typing: stop-typing, the server's timeout, or their connection closed.</summary>
public sealed record UserStoppedTypingEvent
{
    /// <summary>The former typist's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The room.</summary>
    public required string RoomId { get; init; }
}
