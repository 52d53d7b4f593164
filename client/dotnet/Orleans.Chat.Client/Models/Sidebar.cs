namespace Orleans.Chat.Client;

/// <summary>What an app needs to draw its room and conversation lists on connect (<see cref="ConnectedEvent.Sidebar"/>).</summary>
public sealed record Sidebar
{
    /// <summary>The first 100 rooms, most recently active first.</summary>
    public IReadOnlyList<RoomSummary> Rooms { get; init; } = [];

    /// <summary>The first 100 conversations, most recently active first.</summary>
    public IReadOnlyList<ConversationSummary> Conversations { get; init; } = [];
}
