using Microsoft.Extensions.Logging;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains;

internal static partial class ChatEventsLog
{
    [LoggerMessage(3801, LogLevel.Warning, "Publishing {Count} chat event(s) of {Scope} {ScopeId} from seq {Seq} failed; consumers repair the gap from history")]
    public static partial void ChatEventsPublishFailed(this ILogger logger, ChatEventScope scope, string scopeId, long seq, int count, Exception exception);

    [LoggerMessage(3802, LogLevel.Warning, "{Scope} {ScopeId} has {Pending} chat events waiting for the stream queue; dropping newer ones (from seq {Seq}) until it catches up")]
    public static partial void ChatEventsDropped(this ILogger logger, ChatEventScope scope, string scopeId, int pending, long seq);
}
