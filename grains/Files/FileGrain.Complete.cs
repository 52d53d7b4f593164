using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Files;

internal sealed partial class FileGrain
{
    /// <summary>The message type of a shared file.</summary>
    public const string MessageType = "file";

    /// <summary>
    /// Verifies and seals the upload, then posts its message. A checksum mismatch leaves the upload open
    /// (the client re-sends chunks); a sniffed type that is not allowed removes the upload (its content can
    /// never become allowed). Once sealed the file counts against the quota, and a failed post (say the
    /// uploader left the room meanwhile) answers that error and keeps the sealed file: a retried Complete
    /// posts it (its clientMsgId makes that idempotent), an idle one expires like an upload.
    /// </summary>
    public async Task<UploadCompleteResult> Complete(string userId)
    {
        if (!State.IsOwner(userId) || State.Status is FileStatus.None or FileStatus.Deleted)
        {
            return UploadCompleteResult.Failed(ChatError.NotFound);
        }

        if (State.Status == FileStatus.Stored)
        {
            return State.Completed ?? UploadCompleteResult.Failed(ChatError.NotFound);
        }

        if (State.Status == FileStatus.Uploading && await SealAsync() is var refused && refused != ChatError.None)
        {
            return UploadCompleteResult.Failed(refused);
        }

        var result = await PostAsync();
        if (result.Error != ChatError.None)
        {
            logger.PostFailed(FileId, userId, result.Error);
            return result;
        }

        CancelExpiry();
        _upload = null;
        State.Status = FileStatus.Stored;
        State.Completed = result;
        await state.WriteOrDeactivateAsync(GrainContext);
        logger.FileStored(FileId, result.MessageId!, result.Seq);
        return result;
    }

    /// <summary>Reads the content back and checks it; when it passes, seals it, moves the reservation to stored bytes and records the file.</summary>
    private async Task<ChatError> SealAsync()
    {
        var upload = _upload ?? new FileUpload(State.Size, State.ChunkSize, State.ChunkCount);
        if (!upload.IsComplete)
        {
            return ChatError.UploadIncomplete;
        }

        var content = await FileVerification.ReadBackAsync(store, FileId, upload);
        if (content.MissingChunk >= 0)
        {
            // The store lost it (e.g. Redis expired the upload's key): the client re-sends it.
            logger.ChunkMissing(FileId, content.MissingChunk);
            upload.Unmark(content.MissingChunk);
            return ChatError.UploadIncomplete;
        }

        if (State.DeclaredSha256 is { } declared && declared != content.Sha256)
        {
            return ChatError.ChecksumMismatch;
        }

        if (!FileRules.IsAllowed(content.MimeType!, _options.AllowedTypes))
        {
            logger.SniffedTypeRefused(FileId, content.MimeType!);
            await RemoveUploadAsync();
            return ChatError.UnsupportedType;
        }

        await store.SealAsync(FileId, upload.ChunkCount);
        await GrainFactory.Reference<IUserFilesGrain>(State.Owner!.Id).Commit(FileId);
        State.Status = FileStatus.Sealed;
        State.QuotaHeld = true;
        State.Sha256 = content.Sha256;
        State.File = new FileRef { Id = FileId, Name = State.Name, Size = State.Size, MimeType = content.MimeType! };
        await state.WriteOrDeactivateAsync(GrainContext);
        return ChatError.None;
    }

    /// <summary>Posts the message of type "file" as the uploader; the clientMsgId makes a repeat answer the first message.</summary>
    private async Task<UploadCompleteResult> PostAsync()
    {
        var (owner, file, clientMsgId) = (State.Owner!, State.File!, "file:" + FileId);
        if (State.RoomId is { } roomId)
        {
            var sent = await GrainFactory.Reference<IRoomGrain>(roomId).Send(new SendMessageRequest
            {
                Sender = owner, Content = file.Name, Type = MessageType, File = file, ClientMsgId = clientMsgId,
            });
            return sent.Error != ChatError.None
                ? UploadCompleteResult.Failed(sent.Error)
                : new UploadCompleteResult { File = file, MessageId = sent.MessageId, Seq = sent.Seq, Timestamp = sent.Timestamp };
        }

        var withUserId = State.WithUserId!;
        var conversationId = ConversationIds.For(owner.Id, withUserId);
        var result = await GrainFactory.Reference<IConversationGrain>(conversationId).Send(new SendPrivateMessageRequest
        {
            Sender = owner, RecipientId = withUserId, Content = file.Name, Type = MessageType, File = file, ClientMsgId = clientMsgId,
        });
        return result.Error != ChatError.None
            ? UploadCompleteResult.Failed(result.Error)
            : new UploadCompleteResult
            {
                File = file, MessageId = result.MessageId, Seq = result.Seq, Timestamp = result.Timestamp, ConversationId = result.ConversationId,
            };
    }
}
