using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// A shared file (key: file id, which is also its upload id). Owns the upload (declared size, the chunks
/// stored so far, expiry, the uploader's quota), then the stored file's metadata and who may read it.
/// Chunk bytes never pass through it: the gateway writes them to the file store (IFileStore) and
/// reports each one here; at <see cref="Complete"/> this grain reads them back to verify them.
/// </summary>
[Alias("chat.IFileGrain")]
public interface IFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks the scope (a member of the room; a valid conversation), the size against Files:MaxBytes,
    /// the uploader's quota and concurrent uploads, then opens the upload. The declared type must be allowed.
    /// </summary>
    [Alias("Start")] Task<UploadStatus> Start(UploadStartRequest request);

    /// <summary>The upload as its owner sees it (for a resume); NotFound for anyone else, or when it expired, completed or was cancelled.</summary>
    [Alias("GetUpload")] Task<UploadStatus> GetUpload(string userId);

    /// <summary>
    /// The gateway stored chunk <paramref name="index"/> (<paramref name="length"/> bytes) in the file store:
    /// records it and moves the expiry on. InvalidChunk for an index or length the upload does not have.
    /// </summary>
    [Alias("ChunkStored")] Task<ChunkResult> ChunkStored(string userId, int index, int length);

    /// <summary>
    /// Every chunk stored: reads them back, checks the SHA-256 (when declared) and the sniffed type, seals
    /// the content, counts it against the quota, and posts the message of type "file". Calling it again after
    /// success answers the same result.
    /// </summary>
    [Alias("Complete")] Task<UploadCompleteResult> Complete(string userId);

    /// <summary>Owner only: removes the incomplete upload and its chunks and gives back its quota.</summary>
    [Alias("Cancel")] Task<ChatError> Cancel(string userId);

    /// <summary>A download: the file when <paramref name="userId"/> is a member of its room or one of the conversation's two users.</summary>
    [Alias("Authorize")] Task<FileAccessResult> Authorize(string userId);

    /// <summary>Called by the room or conversation grain when the file's message is deleted: removes the content, gives back the quota. Idempotent.</summary>
    [Alias("DeleteContent")] Task DeleteContent();
}
