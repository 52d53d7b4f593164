namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.GetRoomsAsync"/>.</summary>
public sealed record RoomsAck
{
    /// <summary>The user's rooms, most recently active first.</summary>
    public IReadOnlyList<RoomSummary> Rooms { get; init; } = [];
}
