namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.CreateRoomAsync"/>.</summary>
public sealed record CreateRoomAck
{
    /// <summary>The room as created (or as it was, when the same owner created it before).</summary>
    public required RoomInfo Room { get; init; }
}
