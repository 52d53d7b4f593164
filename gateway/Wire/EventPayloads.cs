using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

public sealed record ConnectedEvent(
    string SessionId,
    string UserId,
    long ServerTime,
    IReadOnlyList<string> Rooms,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ConnectedSidebar? Sidebar = null);

/// <summary>The connected event's sidebar: the first room summaries and conversations, as get-rooms and get-conversations answer.</summary>
public sealed record ConnectedSidebar(IReadOnlyList<RoomSummary> Rooms, IReadOnlyList<ConversationSummary> Conversations);

public sealed record UserJoinedEvent(string UserId, UserRef User, string RoomId);

public sealed record UserLeftEvent(string UserId, string RoomId);

public sealed record UserTypingEvent(string UserId, UserRef User, string RoomId);

public sealed record UserStoppedTypingEvent(string UserId, string RoomId);

public sealed record PongEvent(long Timestamp);
