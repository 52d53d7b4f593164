using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

internal static partial class CallLog
{
    [LoggerMessage(3701, LogLevel.Debug, "Call {CallId} from {CallerId} to {CalleeId} ({Media}) is ringing")]
    public static partial void CallRinging(this ILogger logger, string callId, string callerId, string calleeId, string media);

    [LoggerMessage(3702, LogLevel.Debug, "Call {CallId} ended: {Reason}, {Outcome}, {DurationMs} ms")]
    public static partial void CallEnded(this ILogger logger, string callId, string reason, string outcome, long durationMs);

    [LoggerMessage(3703, LogLevel.Warning, "Sending {Kind} of call {CallId} to {UserId} failed")]
    public static partial void CallSignalFailed(this ILogger logger, string callId, CallSignalKind kind, string userId, Exception exception);

    [LoggerMessage(3704, LogLevel.Warning, "Recording call {CallId} ({Outcome}) in its conversation was refused: {Error}")]
    public static partial void CallRecordRefused(this ILogger logger, string callId, string outcome, ChatError error);

    [LoggerMessage(3705, LogLevel.Warning, "Recording call {CallId} ({Outcome}) in its conversation failed")]
    public static partial void CallRecordFailed(this ILogger logger, string callId, string outcome, Exception exception);

    [LoggerMessage(3706, LogLevel.Warning, "The call line of {UserId} for call {CallId} failed; it frees itself when its expiry passes")]
    public static partial void CallLineFailed(this ILogger logger, string callId, string userId, Exception exception);

    [LoggerMessage(3707, LogLevel.Warning, "Checking the gateway of {UserId} in call {CallId} failed; checked again next interval")]
    public static partial void CallLivenessCheckFailed(this ILogger logger, string callId, string userId, Exception exception);

    [LoggerMessage(3708, LogLevel.Information, "Call {CallId}: the gateway {GatewayId} of {UserId} holds no presence lease; the call ends disconnected")]
    public static partial void CallPartyGatewayLost(this ILogger logger, string callId, string userId, string gatewayId);
}
