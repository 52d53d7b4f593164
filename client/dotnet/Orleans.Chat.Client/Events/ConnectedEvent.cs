namespace Orleans.Chat.Client;

/// <summary>The first event of every connection.</summary>
public sealed record ConnectedEvent
{
    /// <summary>The server's id for this connection.</summary>
    public required string SessionId { get; init; }

    /// <summary>The authenticated user.</summary>
    public required string UserId { get; init; }

    /// <summary>The server's clock, in Unix milliseconds.</summary>
    public long ServerTime { get; init; }

    /// <summary>The rooms the user is a member of; the connection is subscribed to all of them.</summary>
    public IReadOnlyList<string> Rooms { get; init; } = [];

    /// <summary>The first 100 rooms and conversations, as <see cref="ChatClient.GetRoomsAsync"/> and <see cref="ChatClient.GetConversationsAsync"/> answer; null from a server without it.</summary>
    public Sidebar? Sidebar { get; init; }
}
