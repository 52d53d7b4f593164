using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Files;

/// <summary>
/// A shared file (key: file id = upload id): the control plane of its upload (the gateway writes the
/// chunks to the <see cref="IFileStore"/> and reports each one), then the stored file's metadata and
/// who may read it. Lifecycle: Uploading, (Sealed,) Stored, Deleted; an upload that expires or is
/// cancelled is cleared. Completing is in FileGrain.Complete.cs, expiry and removal in FileGrain.Lifecycle.cs.
/// </summary>
internal sealed partial class FileGrain(
    [PersistentState("file", ChatStorage.Name)] IPersistentState<FileState> state,
    IFileStore store,
    IOptions<FilesOptions> options,
    TimeProvider time,
    ILogger<FileGrain> logger) : Grain, IFileGrain
{
    private readonly FilesOptions _options = options.Value;
    private FileUpload? _upload;

    private string FileId => this.GetPrimaryKeyString();

    private FileState State => state.State;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Status is not (FileStatus.Uploading or FileStatus.Sealed))
        {
            return;
        }

        // A lost activation: the recorded expiry may lag the real one by up to half the timeout.
        _expiresAt = State.ExpiresAt;
        if (_expiresAt <= Now)
        {
            await ExpireAsync();
            return;
        }

        _upload = new FileUpload(State.Size, State.ChunkSize, State.ChunkCount);
        if (State.Status == FileStatus.Uploading)
        {
            _upload.MarkAll(await store.ListChunksAsync(FileId, cancellationToken));
            logger.UploadResumed(FileId, _upload.Count, _upload.ChunkCount);
        }
        else
        {
            _upload.MarkAll(Enumerable.Range(0, State.ChunkCount));
        }

        ScheduleExpiry();
    }

    public async Task<UploadStatus> Start(UploadStartRequest request)
    {
        if (State.Status != FileStatus.None)
        {
            // The same owner repeating the start gets the upload back; the id is anyone else's to lose.
            return State.Status == FileStatus.Uploading && State.IsOwner(request.Uploader.Id) ? Status() : UploadStatus.Failed(ChatError.NotAllowed);
        }

        if (Validate(request, out var name) is var refused && refused != ChatError.None)
        {
            return UploadStatus.Failed(refused);
        }

        if (await CheckScopeAsync(request.Uploader.Id, request.Scope) is var scopeError && scopeError != ChatError.None)
        {
            return UploadStatus.Failed(scopeError);
        }

        var quota = GrainFactory.Reference<IUserFilesGrain>(request.Uploader.Id);
        if (await ReserveAsync(quota, request.Uploader.Id, request.Size) is var quotaError && quotaError != ChatError.None)
        {
            return UploadStatus.Failed(quotaError);
        }

        var chunkCount = FileUpload.ChunkCountFor(request.Size, _options.ChunkBytes);
        _expiresAt = Now + (long)_options.UploadTimeout.TotalMilliseconds;
        state.State = new FileState
        {
            Status = FileStatus.Uploading,
            Owner = request.Uploader,
            RoomId = request.Scope.RoomId,
            WithUserId = request.Scope.WithUserId,
            Name = name,
            Size = request.Size,
            DeclaredSha256 = request.Sha256,
            ChunkSize = _options.ChunkBytes,
            ChunkCount = chunkCount,
            ExpiresAt = _expiresAt,
        };
        try
        {
            await state.WriteOrDeactivateAsync(GrainContext);
        }
        catch
        {
            await quota.Release(FileId);
            throw;
        }

        _upload = new FileUpload(request.Size, _options.ChunkBytes, chunkCount);
        ScheduleExpiry();
        logger.UploadStarted(FileId, request.Uploader.Id, request.Size, chunkCount);
        return Status();
    }

    public Task<UploadStatus> GetUpload(string userId) =>
        Task.FromResult(State.Status is FileStatus.Uploading or FileStatus.Sealed && State.IsOwner(userId) ? Status() : UploadStatus.Failed(ChatError.NotFound));

    public async Task<ChunkResult> ChunkStored(string userId, int index, int length)
    {
        if (State.Status != FileStatus.Uploading || !State.IsOwner(userId) || _upload is null)
        {
            return ChunkResult.Failed(ChatError.NotFound);
        }

        if (!_upload.IsValid(index, length))
        {
            return ChunkResult.Failed(ChatError.InvalidChunk);
        }

        _upload.Mark(index);
        await MoveExpiryOnAsync();
        return new ChunkResult { Received = _upload.Count };
    }

    public async Task<ChatError> Cancel(string userId)
    {
        if (State.Status is not (FileStatus.Uploading or FileStatus.Sealed) || !State.IsOwner(userId))
        {
            return ChatError.NotFound;
        }

        logger.UploadCancelled(FileId, userId);
        await RemoveUploadAsync();
        return ChatError.None;
    }

    public async Task<FileAccessResult> Authorize(string userId)
    {
        // Whatever the reason, a reader who may not have it learns nothing but "not found".
        if (State.Status != FileStatus.Stored || State.File is null || !await MayReadAsync(userId))
        {
            return FileAccessResult.Failed(ChatError.NotFound);
        }

        return new FileAccessResult { File = State.File, ChunkSize = State.ChunkSize, Sha256 = State.Sha256 };
    }

    private async Task<bool> MayReadAsync(string userId) =>
        State.RoomId is { } roomId
            ? await GrainFactory.Reference<IRoomGrain>(roomId).IsMember(userId)
            : State.IsOwner(userId) || State.WithUserId == userId;

    /// <summary>What upload-start checks before anything is held: switched on, name, size, checksum format, declared type.</summary>
    private ChatError Validate(UploadStartRequest request, out string name)
    {
        name = FileRules.CleanName(request.Name) ?? "";
        if (!_options.Enabled)
        {
            return ChatError.NotAllowed;
        }

        if (!FileIds.IsValid(FileId) || name.Length == 0 || request.Size <= 0 || !FileRules.IsSha256(request.Sha256))
        {
            return ChatError.InvalidFormat;
        }

        if (request.Size > _options.MaxBytes)
        {
            return ChatError.FileTooLarge;
        }

        return FileRules.NormalizeType(request.MimeType) is not { } type ? ChatError.InvalidFormat
            : FileRules.IsAllowed(type, _options.AllowedTypes) ? ChatError.None
            : ChatError.UnsupportedType;
    }

    /// <summary>Exactly one of room and user; a member of the room, or a user the uploader could message.</summary>
    private async Task<ChatError> CheckScopeAsync(string uploaderId, FileScope scope)
    {
        var (roomId, withUserId) = (scope.RoomId, scope.WithUserId);
        if (string.IsNullOrEmpty(roomId) == string.IsNullOrEmpty(withUserId))
        {
            return ChatError.InvalidFormat;
        }

        if (roomId is not null)
        {
            return string.IsNullOrWhiteSpace(roomId) ? ChatError.InvalidFormat
                : await GrainFactory.Reference<IRoomGrain>(roomId).IsMember(uploaderId) ? ChatError.None
                : ChatError.NotInRoom;
        }

        return FileRules.IsUserId(withUserId) ? ChatError.None : ChatError.InvalidFormat;
    }

    /// <summary>
    /// Reserves the quota. When refused, first gives back reservations of uploads that are no longer
    /// open (their grain was lost with its silo and never came back to release them), then tries once more.
    /// </summary>
    private async Task<ChatError> ReserveAsync(IUserFilesGrain quota, string userId, long size)
    {
        var error = await quota.Reserve(FileId, size);
        if (error is not (ChatError.TooManyUploads or ChatError.UploadQuotaExceeded))
        {
            return error;
        }

        var released = false;
        foreach (var fileId in await quota.GetReservations())
        {
            // Activating the other upload cleans it up when it expired; NotFound means it is not open at all.
            if (fileId != FileId && (await GrainFactory.Reference<IFileGrain>(fileId).GetUpload(userId)).Error == ChatError.NotFound)
            {
                await quota.Release(fileId);
                released = true;
            }
        }

        return released ? await quota.Reserve(FileId, size) : error;
    }

    private UploadStatus Status() => new()
    {
        UploadId = FileId,
        ChunkSize = State.ChunkSize,
        ChunkCount = State.ChunkCount,
        Size = State.Size,
        Received = _upload?.Received() ?? [],
        ExpiresAt = _expiresAt,
    };
}
