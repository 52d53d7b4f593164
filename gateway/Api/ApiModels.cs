using System.Text.Json;

namespace Orleans.Chat.Gateway.Api;

public sealed record StatsResponse(int OnlineUsers, int Rooms, int Connections);

public sealed record DevTokenRequest(string? UserId, string? Name);

public sealed record DevTokenResponse(string Token);

/// <summary>POST /api/broadcast: the event name clients receive and its payload (any JSON).</summary>
public sealed record BroadcastRequest(string? Event, JsonElement Data);

/// <summary>POST /api/rooms/{roomId}/messages: a message from a backend service.</summary>
public sealed record RoomMessageRequest(string? Content, string? UserId, string? UserName, string? Type, string? ClientMsgId);

/// <summary>POST /api/rooms/{id}/events and /api/users/{id}/events: an app event (name per Gateway:RoomEventPattern) and its data (any JSON).</summary>
public sealed record AppEventRequest(string? Event, JsonElement Data);

/// <summary>POST /api/users/{id}/events: whether the user had a live connection.</summary>
public sealed record UserEventResponse(bool Online)
{
    public bool Success => true;
}

/// <summary>POST /api/users/{id}/messages: a private message from a service user ("system" by default).</summary>
public sealed record UserMessageRequest(string? FromUserId, string? FromUserName, string? Content, string? Type, string? ClientMsgId);

/// <summary>POST /api/users/{id}/disconnect: a reason for the native close frame (at most 100 bytes of UTF-8).</summary>
public sealed record DisconnectRequest(string? Reason);

/// <summary>POST /api/users/{id}/disconnect: the live connections the user had across the cluster.</summary>
public sealed record DisconnectResponse(int Connections)
{
    public bool Success => true;
}

public sealed record OnlineUser(string UserId, string Name);

/// <summary>GET /api/users/online: a page of online users; nextCursor is null after the last page.</summary>
public sealed record OnlineUsersResponse(IReadOnlyList<OnlineUser> Users, string? NextCursor);

/// <summary>GET /api/rooms/{id}.</summary>
public sealed record RoomInfoResponse(string Id, string Name, string Topic, bool Private, string? OwnerId, long CreatedAt, int MemberCount, long LastSeq);

public sealed record RoomMemberItem(string UserId, string Name, string Role, string Status, bool Online);

/// <summary>GET /api/rooms/{id}/members: a page of members by id; nextCursor is null after the last page.</summary>
public sealed record RoomMembersResponse(IReadOnlyList<RoomMemberItem> Members, string? NextCursor);
