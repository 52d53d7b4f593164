using Microsoft.Extensions.Options;
using Orleans.Chat.Model;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Files;

[GenerateSerializer, Alias("chat.UserFilesState")]
internal sealed class UserFilesState
{
    /// <summary>Bytes of the user's sealed files that were not deleted.</summary>
    [Id(0)] public long StoredBytes { get; set; }

    /// <summary>File id to declared size of each incomplete upload (at most Files:MaxConcurrentUploads).</summary>
    [Id(1)] public Dictionary<string, long> Reserved { get; set; } = [];
}

/// <summary>
/// A user's file quota. Stored files count as one sum, not a list, so the state stays a few bytes
/// however many files the user has; a per-file list exists only for the open uploads (capped).
/// Every change is stored before it answers, so the quota holds across silos and restarts.
/// </summary>
internal sealed class UserFilesGrain(
    [PersistentState("files", ChatStorage.Name)] IPersistentState<UserFilesState> state,
    IOptions<FilesOptions> options) : Grain, IUserFilesGrain
{
    private readonly FilesOptions _options = options.Value;

    private UserFilesState State => state.State;

    public async Task<ChatError> Reserve(string fileId, long bytes)
    {
        if (State.Reserved.ContainsKey(fileId))
        {
            return ChatError.None;
        }

        if (State.Reserved.Count >= _options.MaxConcurrentUploads)
        {
            return ChatError.TooManyUploads;
        }

        if (State.StoredBytes + State.Reserved.Values.Sum() + bytes > _options.QuotaBytes)
        {
            return ChatError.UploadQuotaExceeded;
        }

        State.Reserved[fileId] = bytes;
        await state.WriteOrDeactivateAsync(GrainContext);
        return ChatError.None;
    }

    public async Task Release(string fileId)
    {
        if (State.Reserved.Remove(fileId))
        {
            await state.WriteOrDeactivateAsync(GrainContext);
        }
    }

    public async Task Commit(string fileId)
    {
        if (State.Reserved.Remove(fileId, out var bytes))
        {
            State.StoredBytes += bytes;
            await state.WriteOrDeactivateAsync(GrainContext);
        }
    }

    public async Task Free(long bytes)
    {
        if (bytes > 0 && State.StoredBytes > 0)
        {
            State.StoredBytes = Math.Max(0, State.StoredBytes - bytes);
            await state.WriteOrDeactivateAsync(GrainContext);
        }
    }

    public Task<IReadOnlyList<string>> GetReservations() => Task.FromResult<IReadOnlyList<string>>([.. State.Reserved.Keys]);

    public Task<FileQuotaUsage> GetUsage() => Task.FromResult(new FileQuotaUsage
    {
        StoredBytes = State.StoredBytes, ReservedBytes = State.Reserved.Values.Sum(), OpenUploads = State.Reserved.Count,
    });
}
