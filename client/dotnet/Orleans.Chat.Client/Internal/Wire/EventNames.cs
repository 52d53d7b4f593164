namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>Event names of the native protocol (docs/PROTOCOL.md).</summary>
internal static class EventNames
{
    // client -> server
    public const string JoinRoom = "join-room";
    public const string LeaveRoom = "leave-room";
    public const string CreateRoom = "create-room";
    public const string Invite = "invite";
    public const string Message = "message";
    public const string Typing = "typing";
    public const string StopTyping = "stop-typing";
    public const string UpdateStatus = "update-status";
    public const string PrivateMessage = "private-message";
    public const string GetHistory = "get-history";
    public const string Ping = "ping";
    public const string RefreshToken = "refresh-token";
    public const string GetConversations = "get-conversations";
    public const string GetPrivateHistory = "get-private-history";
    public const string MarkRead = "mark-read";
    public const string EditMessage = "edit-message";
    public const string DeleteMessage = "delete-message";
    public const string GetChanges = "get-changes";
    public const string GetRooms = "get-rooms";
    public const string SetRole = "set-role";
    public const string Kick = "kick";
    public const string UpdateRoom = "update-room";
    public const string UploadStart = "upload-start";
    public const string UploadChunk = "upload-chunk";
    public const string UploadComplete = "upload-complete";
    public const string UploadCancel = "upload-cancel";
    public const string CallUser = "call-user";
    public const string CallAnswer = "call-answer";
    public const string CallReject = "call-reject";
    public const string CallEnd = "call-end";

    // server -> client (private-message is shared)
    public const string Ack = "ack";
    public const string Connected = "connected";
    public const string PendingMessages = "pending-messages";
    public const string NewMessage = "new-message";
    public const string UserJoined = "user-joined";
    public const string UserLeft = "user-left";
    public const string UserTyping = "user-typing";
    public const string UserStoppedTyping = "user-stopped-typing";
    public const string PresenceUpdate = "presence-update";
    public const string Error = "error";
    public const string Pong = "pong";
    public const string TokenExpiring = "token-expiring";
    public const string MessageEdited = "message-edited";
    public const string MessageDeleted = "message-deleted";
    public const string ReadReceipt = "read-receipt";
    public const string MemberRemoved = "member-removed";
    public const string RoomUpdated = "room-updated";
    public const string RoleChanged = "role-changed";
    public const string IncomingCall = "incoming-call";
    public const string CallAnswered = "call-answered";
    public const string CallEnded = "call-ended";

    // both ways
    public const string RoomEvent = "room-event";
    public const string IceCandidate = "ice-candidate";
}
