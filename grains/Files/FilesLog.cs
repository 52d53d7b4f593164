using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Files;

internal static partial class FilesLog
{
    [LoggerMessage(3401, LogLevel.Debug, "Upload {FileId} by {UserId} started: {Size} bytes in {ChunkCount} chunks")]
    public static partial void UploadStarted(this ILogger logger, string fileId, string userId, long size, int chunkCount);

    [LoggerMessage(3402, LogLevel.Information, "Upload {FileId} resumed after a lost activation with {Received} of {ChunkCount} chunks in the store")]
    public static partial void UploadResumed(this ILogger logger, string fileId, int received, int chunkCount);

    [LoggerMessage(3403, LogLevel.Debug, "Upload {FileId} cancelled by {UserId}")]
    public static partial void UploadCancelled(this ILogger logger, string fileId, string userId);

    [LoggerMessage(3404, LogLevel.Information, "Upload {FileId} of {UserId} expired with {Received} of {ChunkCount} chunks; removed")]
    public static partial void UploadExpired(this ILogger logger, string fileId, string userId, int received, int chunkCount);

    [LoggerMessage(3405, LogLevel.Warning, "Upload {FileId}: the store does not have chunk {Index} (it expired there?); the client must send it again")]
    public static partial void ChunkMissing(this ILogger logger, string fileId, int index);

    [LoggerMessage(3406, LogLevel.Information, "Upload {FileId} refused at complete: its content is {MimeType}, which is not allowed; removed")]
    public static partial void SniffedTypeRefused(this ILogger logger, string fileId, string mimeType);

    [LoggerMessage(3407, LogLevel.Information, "File {FileId} of {UserId} is sealed but posting its message failed ({Error}); a retried complete posts it")]
    public static partial void PostFailed(this ILogger logger, string fileId, string userId, ChatError error);

    [LoggerMessage(3408, LogLevel.Debug, "File {FileId} stored as message {MessageId} (seq {Seq})")]
    public static partial void FileStored(this ILogger logger, string fileId, string messageId, long seq);

    [LoggerMessage(3409, LogLevel.Debug, "Content of file {FileId} deleted with its message")]
    public static partial void ContentDeleted(this ILogger logger, string fileId);

    [LoggerMessage(3410, LogLevel.Warning, "Deleting the content of file {FileId} after its message {Scope}#{Seq} was deleted failed; deleting the message again retries it")]
    public static partial void ContentDeleteFailed(this ILogger logger, string fileId, string scope, long seq, Exception exception);
}
