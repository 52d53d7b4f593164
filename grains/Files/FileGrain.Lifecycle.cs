namespace Orleans.Chat.Grains.Files;

internal sealed partial class FileGrain
{
    /// <summary>Timers may fire a little early; the check runs this long after the expiry it waits for.</summary>
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromMilliseconds(50);

    private IGrainTimer? _expiryTimer;

    /// <summary>The live expiry (Unix ms): every stored chunk moves it on; <see cref="FileState.ExpiresAt"/> follows it lazily.</summary>
    private long _expiresAt;

    private long TimeoutMs => (long)_options.UploadTimeout.TotalMilliseconds;

    /// <summary>
    /// Removes the content when its message is deleted, then gives the bytes back. The status is stored
    /// first so downloads stop at once; a retry (or a repeated delete) finishes a removal that failed half way.
    /// </summary>
    public async Task DeleteContent()
    {
        if (State.Status is FileStatus.Stored or FileStatus.Sealed)
        {
            CancelExpiry();
            _upload = null;
            State.Status = FileStatus.Deleted;
            State.Completed = null;
            await state.WriteOrDeactivateAsync(GrainContext);
            logger.ContentDeleted(FileId);
        }

        if (State.Status != FileStatus.Deleted)
        {
            return;
        }

        await store.DeleteAsync(FileId, State.ChunkCount);
        if (State.QuotaHeld)
        {
            await GrainFactory.Reference<IUserFilesGrain>(State.Owner!.Id).Free(State.Size);
            State.QuotaHeld = false;
            await state.WriteOrDeactivateAsync(GrainContext);
        }
    }

    /// <summary>
    /// A chunk arrived: the upload lives another timeout. The state records it only when its expiry is
    /// within half a timeout, so a long upload costs a write per half timeout rather than per chunk.
    /// </summary>
    private async Task MoveExpiryOnAsync()
    {
        _expiresAt = Now + TimeoutMs;
        if (State.ExpiresAt - Now < TimeoutMs / 2)
        {
            State.ExpiresAt = _expiresAt;
            await state.WriteOrDeactivateAsync(GrainContext);
        }
    }

    /// <summary>
    /// Arms the one expiry timer for the live expiry. Chunks do not re-arm it: when it fires early
    /// (the expiry moved on) it arms itself again. KeepAlive: a collected activation would leave the
    /// upload to expire only when something activates it again.
    /// </summary>
    private void ScheduleExpiry()
    {
        var due = TimeSpan.FromMilliseconds(Math.Max(0, _expiresAt - Now)) + ExpirySlack;
        if (_expiryTimer is null)
        {
            _expiryTimer = this.RegisterGrainTimer(
                CheckExpiryAsync, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void CancelExpiry()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
    }

    private async Task CheckExpiryAsync()
    {
        if (State.Status is not (FileStatus.Uploading or FileStatus.Sealed))
        {
            CancelExpiry();
        }
        else if (_expiresAt > Now)
        {
            ScheduleExpiry();
        }
        else
        {
            await ExpireAsync();
        }
    }

    private async Task ExpireAsync()
    {
        logger.UploadExpired(FileId, State.Owner?.Id ?? "", _upload?.Count ?? 0, State.ChunkCount);
        await RemoveUploadAsync();
    }

    /// <summary>
    /// Cancelled, expired or refused: the chunks go, the quota comes back (the reservation, or the
    /// stored bytes of a sealed file whose message was never posted), and the state is cleared.
    /// </summary>
    private async Task RemoveUploadAsync()
    {
        CancelExpiry();
        _upload = null;
        await store.DeleteAsync(FileId, State.ChunkCount);
        var quota = GrainFactory.Reference<IUserFilesGrain>(State.Owner!.Id);
        await (State.QuotaHeld ? quota.Free(State.Size) : quota.Release(FileId));
        await state.ClearStateAsync();
        state.State = new FileState();
    }
}
