using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Files;

/// <summary>
/// One user's file quota (key: user id): the bytes of their stored files and the reservations of
/// their incomplete uploads. Only file grains call it.
/// </summary>
[Alias("chat.IUserFilesGrain")]
internal interface IUserFilesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Holds <paramref name="bytes"/> for an upload: TooManyUploads past Files:MaxConcurrentUploads
    /// open reservations, UploadQuotaExceeded when stored bytes plus reservations would pass
    /// Files:QuotaBytes. Idempotent per file.
    /// </summary>
    [Alias("Reserve")] Task<ChatError> Reserve(string fileId, long bytes);

    /// <summary>The upload ended without a file (cancelled, expired, refused): drops its reservation. Idempotent.</summary>
    [Alias("Release")] Task Release(string fileId);

    /// <summary>The upload was sealed: its reservation becomes stored bytes. Idempotent (nothing happens without the reservation).</summary>
    [Alias("Commit")] Task Commit(string fileId);

    /// <summary>A stored file was removed: gives its bytes back.</summary>
    [Alias("Free")] Task Free(long bytes);

    /// <summary>The file ids holding reservations (a refused upload checks whether they are still open).</summary>
    [Alias("GetReservations")] Task<IReadOnlyList<string>> GetReservations();

    [Alias("GetUsage")] Task<FileQuotaUsage> GetUsage();
}

[GenerateSerializer, Immutable, Alias("chat.FileQuotaUsage")]
internal sealed record FileQuotaUsage
{
    [Id(0)] public long StoredBytes { get; init; }
    [Id(1)] public long ReservedBytes { get; init; }
    [Id(2)] public int OpenUploads { get; init; }
}
