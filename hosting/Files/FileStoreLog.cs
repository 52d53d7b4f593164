using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Hosting.Files;

internal static partial class FileStoreLog
{
    [LoggerMessage(4601, LogLevel.Information, "Swept {Count} abandoned incomplete uploads from {Directory}")]
    public static partial void UploadsSwept(this ILogger logger, int count, string directory);

    [LoggerMessage(4602, LogLevel.Warning, "Sweeping abandoned uploads from {Directory} failed")]
    public static partial void SweepFailed(this ILogger logger, string directory, Exception exception);
}
