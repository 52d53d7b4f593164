using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Room moderation and app-defined room events.
public sealed partial class ChatClient
{
    /// <summary>Owner only: makes a member an admin (<see cref="RoomRoles.Admin"/>) or an admin a member again; <see cref="RoleChanged"/> follows.</summary>
    public Task SetRoleAsync(string roomId, string userId, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(role);
        return RequestAsync(EventNames.SetRole, new SetRolePayload(roomId, userId, role), ClientJsonContext.Default.SetRolePayload, resend: true, cancellationToken);
    }

    /// <summary>The owner (anyone) or an admin (members): removes the user from the room (a private room for good); <see cref="MemberRemoved"/> follows.</summary>
    public Task KickAsync(string roomId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return RequestAsync(EventNames.Kick, new RoomUserPayload(roomId, userId), ClientJsonContext.Default.RoomUserPayload, resend: true, cancellationToken);
    }

    /// <summary>The owner or an admin: changes the room's name and/or topic (null: left as is); <see cref="RoomUpdated"/> follows.</summary>
    public Task<UpdateRoomAck> UpdateRoomAsync(string roomId, string? name = null, string? topic = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        return RequestAsync(EventNames.UpdateRoom, new UpdateRoomPayload(roomId, name, topic), ClientJsonContext.Default.UpdateRoomPayload,
            ClientJsonContext.Default.UpdateRoomAck, resend: true, cancellationToken);
    }

    /// <summary>
    /// Relays an app-defined event to the room's other members (<see cref="RoomEvent"/>); not stored, not repeated after a
    /// drop. <paramref name="eventName"/> must match the gateway's pattern, <paramref name="data"/> (null: JSON null) its size limit.
    /// </summary>
    public Task SendRoomEventAsync(string roomId, string eventName, JsonElement? data = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return RequestAsync(EventNames.RoomEvent, new RoomEventPayload(roomId, eventName, data), ClientJsonContext.Default.RoomEventPayload, resend: false, cancellationToken);
    }

    /// <inheritdoc cref="SendRoomEventAsync(string, string, JsonElement?, CancellationToken)"/>
    public Task SendRoomEventAsync<T>(string roomId, string eventName, T data, JsonTypeInfo<T> dataType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        return SendRoomEventAsync(roomId, eventName, JsonSerializer.SerializeToElement(data, dataType), cancellationToken);
    }
}
