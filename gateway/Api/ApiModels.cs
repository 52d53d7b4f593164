using System.Text.Json;

namespace Orleans.Chat.Gateway.Api;

public sealed record StatsResponse(int OnlineUsers, int Rooms, int Connections);

public sealed record DevTokenRequest(string? UserId, string? Name);

public sealed record DevTokenResponse(string Token);

/// <summary>POST /api/broadcast: the event name clients receive and its payload (any JSON).</summary>
public sealed record BroadcastRequest(string? Event, JsonElement Data);

/// <summary>POST /api/rooms/{roomId}/messages: a message from a backend service.</summary>
public sealed record RoomMessageRequest(string? Content, string? UserId, string? UserName, string? Type, string? ClientMsgId);
