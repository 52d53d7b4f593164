using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Grains;

internal static partial class PresenceLog
{
    [LoggerMessage(3102, LogLevel.Warning, "Telling room {RoomId} that {UserId} is {Status} failed")]
    public static partial void RoomNotifyFailed(this ILogger logger, string userId, string roomId, string status, Exception exception);

    [LoggerMessage(3104, LogLevel.Information, "Connections of {UserId} on gateway {GatewayId} dropped: its lease lapsed")]
    public static partial void LeasesExpired(this ILogger logger, string userId, string gatewayId);

    [LoggerMessage(3105, LogLevel.Warning, "Presence of {UserId} deactivated ({Reason}) holding {Connections} connections; gateways re-assert them when they see the silo go")]
    public static partial void LeasesLost(this ILogger logger, string userId, string reason, int connections);

    [LoggerMessage(3106, LogLevel.Information, "Lease of {UserId} on gateway {GatewayId} restored with {Connections} connections")]
    public static partial void LeaseRestored(this ILogger logger, string userId, string gatewayId, int connections);

    [LoggerMessage(3107, LogLevel.Warning, "Recording {UserId} as {Status} in the online-users index failed")]
    public static partial void OnlineIndexFailed(this ILogger logger, string userId, string status, Exception exception);

    [LoggerMessage(3108, LogLevel.Warning, "Online-users partition {Partition} deactivated ({Reason}) holding {Users} users; they reappear as they next come online")]
    public static partial void OnlineIndexLost(this ILogger logger, long partition, string reason, int users);
}
