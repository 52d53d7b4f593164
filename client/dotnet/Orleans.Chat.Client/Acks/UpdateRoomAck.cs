namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.UpdateRoomAsync"/>.</summary>
public sealed record UpdateRoomAck
{
    /// <summary>The room as it is now.</summary>
    public required RoomInfo Room { get; init; }
}
