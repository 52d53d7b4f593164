using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Files;

/// <summary>A deleted message of type "file" takes its file's content with it (rooms and conversations alike).</summary>
internal static class FileContentRemoval
{
    /// <summary>
    /// Asks the file grain to remove the content, after the tombstone is stored. Failures are logged, not
    /// thrown: the delete itself succeeded, and deleting the message again retries the removal.
    /// </summary>
    public static async Task RemoveAsync(IGrainFactory grains, FileRef? file, string scope, long seq, ILogger logger)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            await grains.Reference<IFileGrain>(file.Id).DeleteContent();
        }
        catch (Exception exception)
        {
            logger.ContentDeleteFailed(file.Id, scope, seq, exception);
        }
    }

    /// <summary>A message carries a file exactly when its type is "file": anything else is refused as malformed.</summary>
    public static bool IsConsistent(string? type, FileRef? file) => (type == FileGrain.MessageType) == (file is not null);
}
