using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Files;

namespace Orleans.Chat.Hosting.Files;

/// <summary>
/// Removes the directories of incomplete uploads nobody wrote to for twice Files:UploadTimeout: their
/// file grain was lost with its silo and no resume brought it back (a live grain removes its own
/// upload after one timeout; the second is a margin so the sweeper never races it).
/// </summary>
internal sealed class DiskUploadSweeper(DiskFileStore store, IOptions<FilesOptions> options, ILogger<DiskUploadSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleFor = options.Value.UploadTimeout * 2;
        using var timer = new PeriodicTimer(options.Value.UploadTimeout);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await store.SweepAsync(idleFor, stoppingToken);
                if (removed > 0)
                {
                    logger.UploadsSwept(removed, store.Root);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.SweepFailed(store.Root, exception);
            }
        }
    }
}
