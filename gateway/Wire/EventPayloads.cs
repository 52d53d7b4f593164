using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

public sealed record ConnectedEvent(string SessionId, string UserId, long ServerTime, IReadOnlyList<string> Rooms, SidebarPayload Sidebar);

public sealed record UserJoinedEvent(string UserId, UserRef User, string RoomId);

public sealed record UserLeftEvent(string UserId, string RoomId);

public sealed record UserTypingEvent(string UserId, UserRef User, string RoomId);

public sealed record UserStoppedTypingEvent(string UserId, string RoomId);

public sealed record PongEvent(long Timestamp);
