using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Files;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Files;

/// <summary>
/// upload-start, upload-chunk, upload-complete and upload-cancel. The file grain decides (scope, sizes,
/// quota, ownership, expiry); chunk bytes go from here straight to the file store, never through a grain.
/// </summary>
public sealed class UploadCommands(IGrainFactory grains, IFileStore store, IOptions<FilesOptions> options)
{
    /// <summary>
    /// Chunks of one session in flight at once (each holds a pooled chunk buffer): enough to keep the store
    /// and the grain busy, few enough that a session holds at most this many chunks of memory.
    /// </summary>
    public const int MaxChunksInFlight = 4;


    public async Task<CommandReply> StartAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var files = options.Value;
        if (!files.Enabled)
        {
            return CommandReply.Fail(ClientErrors.NotAllowed);
        }

        if (!RequestReader.TryRead(data, UploadRequestJsonContext.Default.UploadStartPayload, out var request))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        UploadStatus status;
        if (request.UploadId is { } uploadId)
        {
            // A resume: any connection of the uploader, on any gateway; an id of another form was never issued.
            if (!RandomIds.IsWellFormed(uploadId))
            {
                return CommandReply.Fail(ClientErrors.NotFound);
            }

            status = await grains.Reference<IFileGrain>(uploadId).GetUpload(session.User.Id);
        }
        else
        {
            if (UploadStartRequests.TryCreate(session.UserRef, request, files.MaxBytes, out var error) is not { } start)
            {
                return CommandReply.Fail(error!);
            }

            status = await grains.Reference<IFileGrain>(RandomIds.New()).Start(start);
        }

        if (status.Error != ChatError.None)
        {
            return CommandReply.Fail(ClientErrors.From(status.Error));
        }

        // upload-start never overlaps, so no chunk reads the property while it is set.
        (session.Uploads ??= new SessionUploads(files.MaxConcurrentUploads)).Remember(status);
        return CommandReply.Ok(
            new UploadStartAck(status.UploadId!, status.ChunkSize, status.ChunkCount, status.Received, status.ExpiresAt),
            UploadAckJsonContext.Default.UploadStartAck);
    }

    /// <summary>
    /// Runs overlapped with the session's next events: everything is read from the frame (the bytes into a
    /// pooled buffer) before the first await. Chunks of different indexes are independent, a repeated index
    /// replaces the same bytes, and every other upload event waits for the chunks before it.
    /// </summary>
    public Task<CommandReply> ChunkAsync(ChatSession session, JsonElement data, IEventBinary? binary, CancellationToken cancellationToken)
    {
        if (data.ValueKind != JsonValueKind.Object
            || !PayloadReader.TryGetString(data, "uploadId", out var uploadId)
            || !data.TryGetProperty("index", out var indexElement) || indexElement.ValueKind != JsonValueKind.Number)
        {
            return Task.FromResult(CommandReply.Fail(ClientErrors.InvalidFormat));
        }

        if (session.Uploads?.Find(uploadId!) is not { } upload)
        {
            // Never started or resumed on this connection, someone else's, or finished here.
            return Task.FromResult(CommandReply.Fail(ClientErrors.NotFound));
        }

        if (!indexElement.TryGetInt32(out var index) || index < 0 || index >= upload.ChunkCount)
        {
            return Task.FromResult(CommandReply.Fail(ClientErrors.InvalidChunk));
        }

        var expected = index < upload.ChunkCount - 1 ? upload.ChunkSize : (int)(upload.Size - ((long)upload.ChunkCount - 1) * upload.ChunkSize);
        var chunk = ChunkData.TryRead(data, binary, expected, out var error);
        return chunk is null
            ? Task.FromResult(CommandReply.Fail(error!))
            : StoreAsync(session, upload.UploadId!, index, chunk, cancellationToken);
    }

    private async Task<CommandReply> StoreAsync(ChatSession session, string uploadId, int index, ChunkData chunk, CancellationToken cancellationToken)
    {
        ChunkResult result;
        using (chunk)
        {
            try
            {
                await store.WriteChunkAsync(uploadId, index, chunk.Memory, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // The stores refuse writes to a sealed file: it completed (on another connection, say).
                session.Uploads?.Forget(uploadId);
                return CommandReply.Fail(ClientErrors.NotFound);
            }

            result = await grains.Reference<IFileGrain>(uploadId).ChunkStored(session.User.Id, index, chunk.Length);
        }

        if (result.Error == ChatError.None)
        {
            return CommandReply.Ok(new UploadChunkAck(result.Received), UploadAckJsonContext.Default.UploadChunkAck);
        }

        if (result.Error == ChatError.NotFound)
        {
            session.Uploads?.Forget(uploadId);
        }

        return CommandReply.Fail(ClientErrors.From(result.Error));
    }

    public async Task<CommandReply> CompleteAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!TryReadUploadId(data, out var uploadId, out var invalid))
        {
            return CommandReply.Fail(invalid);
        }

        var result = await grains.Reference<IFileGrain>(uploadId).Complete(session.User.Id);
        if (result.Error is ChatError.None or ChatError.NotFound)
        {
            // Sealed (or gone): no more chunks for it from this session.
            session.Uploads?.Forget(uploadId);
        }

        if (result.Error != ChatError.None)
        {
            return CommandReply.Fail(ClientErrors.From(result.Error));
        }

        var file = result.File!;
        return CommandReply.Ok(
            new UploadCompleteAck(
                new FileJson(file.Id, file.Name, file.Size, file.MimeType, MessageJsonNames.FileUrl(file.Id)),
                result.MessageId!,
                result.Seq,
                result.Timestamp,
                result.ConversationId),
            UploadAckJsonContext.Default.UploadCompleteAck);
    }

    public async Task<CommandReply> CancelAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!TryReadUploadId(data, out var uploadId, out var invalid))
        {
            return CommandReply.Fail(invalid);
        }

        var error = await grains.Reference<IFileGrain>(uploadId).Cancel(session.User.Id);
        if (error is ChatError.None or ChatError.NotFound)
        {
            session.Uploads?.Forget(uploadId);
        }

        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    /// <summary>{uploadId}: a payload of the wrong shape is invalid_format; an id of a form never issued, not_found.</summary>
    private static bool TryReadUploadId(JsonElement data, out string uploadId, out ErrorPayload error)
    {
        uploadId = string.Empty;
        if (!RequestReader.TryRead(data, UploadRequestJsonContext.Default.UploadIdPayload, out var request) || request.UploadId is null)
        {
            error = ClientErrors.InvalidFormat;
            return false;
        }

        error = ClientErrors.NotFound;
        uploadId = request.UploadId;
        return RandomIds.IsWellFormed(uploadId);
    }
}
