using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Grains;

internal static partial class PresenceLog
{
    [LoggerMessage(3102, LogLevel.Warning, "Telling room {RoomId} that {UserId} is {Status} failed")]
    public static partial void RoomNotifyFailed(this ILogger logger, string userId, string roomId, string status, Exception exception);

    [LoggerMessage(3104, LogLevel.Information, "Gateway {GatewayId} lapsed: presence partition {Partition} dropped its connections of {Users} users, {Offline} of them now offline")]
    public static partial void GatewayDropped(this ILogger logger, string gatewayId, long partition, int users, int offline);

    [LoggerMessage(3105, LogLevel.Warning, "Presence partition {Partition} deactivated ({Reason}) holding {Users} online users; gateways re-assert them when they see the silo go")]
    public static partial void PartitionLost(this ILogger logger, long partition, string reason, int users);

    [LoggerMessage(3106, LogLevel.Information, "Gateway {GatewayId} restored the connections of {Users} users in presence partition {Partition}")]
    public static partial void ConnectionsRestored(this ILogger logger, string gatewayId, long partition, int users);
}
