namespace Orleans.Chat.Gateway.Wire;

/// <summary>Names of server -> client events.</summary>
public static class ServerEventNames
{
    public const string Connected = "connected";
    public const string PendingMessages = "pending-messages";
    public const string NewMessage = "new-message";
    public const string UserJoined = "user-joined";
    public const string UserLeft = "user-left";
    public const string UserTyping = "user-typing";
    public const string UserStoppedTyping = "user-stopped-typing";
    public const string PresenceUpdate = "presence-update";
    public const string PrivateMessage = "private-message";
    public const string Error = "error";
    public const string Pong = "pong";
    public const string TokenExpiring = "token-expiring";
    public const string MessageEdited = "message-edited";
    public const string MessageDeleted = "message-deleted";
    public const string ReadReceipt = "read-receipt";
    public const string MemberRemoved = "member-removed";
    public const string RoomUpdated = "room-updated";
    public const string RoleChanged = "role-changed";
    public const string RoomEvent = "room-event";
    public const string IncomingCall = "incoming-call";
    public const string CallAnswered = "call-answered";
    public const string CallEnded = "call-ended";
    public const string IceCandidate = "ice-candidate";
}
