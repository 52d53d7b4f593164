using System.Text.Json;

namespace Orleans.Chat.Client;

/// <summary>An app-defined event another member sent with <see cref="ChatClient.SendRoomEventAsync(string, string, JsonElement?, CancellationToken)"/>.</summary>
public sealed record RoomAppEvent
{
    /// <summary>The room.</summary>
    public required string RoomId { get; init; }

    /// <summary>The sender.</summary>
    public required string UserId { get; init; }

    /// <summary>The app's event name.</summary>
    public required string Event { get; init; }

    /// <summary>The app's data, as sent (JSON null when none).</summary>
    public JsonElement Data { get; init; }
}
