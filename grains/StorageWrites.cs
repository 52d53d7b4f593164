using Orleans.Core;

namespace Orleans.Chat.Grains;

internal static class StorageWrites
{
    /// <summary>
    /// Deactivation after a failed write. It carries no exception on purpose: Orleans rejects the
    /// calls queued behind a deactivation that has one, where these must go on to a fresh activation.
    /// </summary>
    public static readonly DeactivationReason ReloadAfterFailedWrite =
        new(DeactivationReasonCode.ApplicationError, "A state write failed; the state is reloaded from storage on the next call.");

    /// <summary>
    /// Writes the state, and when that fails drops the activation before rethrowing: its memory
    /// no longer matches storage (a timed-out write may even have landed, leaving a stale ETag),
    /// so the next call must start from a fresh activation that reloads what was really stored.
    /// </summary>
    public static async Task WriteOrDeactivateAsync(this IStorage storage, IGrainContext grainContext)
    {
        try
        {
            await storage.WriteStateAsync();
        }
        catch
        {
            grainContext.Deactivate(ReloadAfterFailedWrite);
            throw;
        }
    }
}
