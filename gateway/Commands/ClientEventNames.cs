using System.Collections.Frozen;
using System.Reflection;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>Names of client -> server events.</summary>
public static class ClientEventNames
{
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
    public const string GetConversations = "get-conversations";
    public const string GetPrivateHistory = "get-private-history";
    public const string MarkRead = "mark-read";
    public const string Ping = "ping";
    public const string RefreshToken = "refresh-token";
    public const string EditMessage = "edit-message";
    public const string DeleteMessage = "delete-message";
    public const string GetChanges = "get-changes";
    public const string GetRooms = "get-rooms";
    public const string SetRole = "set-role";
    public const string Kick = "kick";
    public const string UpdateRoom = "update-room";
    public const string RoomEvent = "room-event";
    public const string UploadStart = "upload-start";
    public const string UploadChunk = "upload-chunk";
    public const string UploadComplete = "upload-complete";
    public const string UploadCancel = "upload-cancel";
    public const string CallUser = "call-user";
    public const string CallAnswer = "call-answer";
    public const string IceCandidate = "ice-candidate";
    public const string CallReject = "call-reject";
    public const string CallEnd = "call-end";

    /// <summary>Every name above: the names an app's own event handler may not take.</summary>
    public static readonly FrozenSet<string> All = typeof(ClientEventNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToFrozenSet(StringComparer.Ordinal);
}
