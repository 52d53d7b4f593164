using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Files;

/// <summary>
/// The uploads a session started or resumed, as the file grain last described them: a chunk is checked
/// against its index range and length here, so it costs one store write and one grain call, no lookup.
/// At most <see cref="Capacity"/> (Files:MaxConcurrentUploads, which the grain also enforces per user):
/// adding one more forgets the oldest, which can only be one that completed or expired meanwhile.
/// Chunks of one session run concurrently, hence the lock.
/// </summary>
public sealed class SessionUploads(int capacity)
{
    private readonly Lock _gate = new();
    private readonly List<UploadStatus> _uploads = new(capacity);

    public int Capacity { get; } = capacity;

    /// <summary>Whether the session may send upload-chunk frames larger than Limits:MaxFrameBytes.</summary>
    public bool Any
    {
        get
        {
            lock (_gate)
            {
                return _uploads.Count > 0;
            }
        }
    }

    public UploadStatus? Find(string uploadId)
    {
        lock (_gate)
        {
            foreach (var upload in _uploads)
            {
                if (upload.UploadId == uploadId)
                {
                    return upload;
                }
            }

            return null;
        }
    }

    public void Remember(UploadStatus status)
    {
        lock (_gate)
        {
            _uploads.RemoveAll(u => u.UploadId == status.UploadId);
            if (_uploads.Count >= Capacity)
            {
                _uploads.RemoveAt(0);
            }

            _uploads.Add(status);
        }
    }

    public void Forget(string uploadId)
    {
        lock (_gate)
        {
            _uploads.RemoveAll(u => u.UploadId == uploadId);
        }
    }
}
