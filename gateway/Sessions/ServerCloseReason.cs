namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Why the server ends a session on purpose. <see cref="Code"/> is the native protocol's WebSocket close
/// code (4000-4999, the range RFC 6455 leaves to applications); Socket.IO disconnects the socket instead.
/// </summary>
public sealed record ServerCloseReason(int Code, string Reason)
{
    public static readonly ServerCloseReason TokenExpired = new(4001, "token_expired");

    /// <summary>A backend service disconnected the user (POST /api/users/{id}/disconnect).</summary>
    public static readonly ServerCloseReason DisconnectedByServer = new(4002, "disconnected_by_server");
}
