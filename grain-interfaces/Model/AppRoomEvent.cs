namespace Orleans.Chat.Model;

/// <summary>An app-defined room event: its name (matched against Gateway:RoomEventPattern) and its data as JSON text.</summary>
[GenerateSerializer, Immutable, Alias("chat.AppRoomEvent")]
public sealed record AppRoomEvent
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>The client's data, as the UTF-8 JSON it sent (validated and size-limited by the gateway); "null" when none.</summary>
    [Id(1)] public required string DataJson { get; init; }
}
