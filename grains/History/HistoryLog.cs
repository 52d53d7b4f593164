using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Grains;

internal static partial class HistoryLog
{
    [LoggerMessage(4001, LogLevel.Error, "Storing message {Seq} of {GrainId} failed; the seq stays free and the grain reloads")]
    public static partial void AppendFailed(this ILogger logger, GrainId grainId, long seq, Exception exception);

    [LoggerMessage(4002, LogLevel.Warning, "Clearing expired history pages of {GrainId} failed; retried after the next message")]
    public static partial void ClearPagesFailed(this ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(4003, LogLevel.Warning, "Recording the head page {Page} of {GrainId} failed; loading probes past it")]
    public static partial void HeadPageWriteFailed(this ILogger logger, GrainId grainId, long page, Exception exception);

    [LoggerMessage(4004, LogLevel.Error, "Storing a change of message {Seq} of {GrainId} failed; the change seq stays free and the grain reloads")]
    public static partial void ReplaceFailed(this ILogger logger, GrainId grainId, long seq, Exception exception);
}
