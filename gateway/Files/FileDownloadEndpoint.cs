using Orleans.Chat.Gateway.Commands;
using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Files;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Files;

/// <summary>
/// GET and HEAD /files/{fileId}: the client token (Bearer or ?token=), the file grain's answer on who may
/// read it, then the content streamed chunk by chunk from the file store through one pooled chunk buffer,
/// so a download holds one chunk of memory however large the file. Unknown, deleted and not yours look
/// the same (404): a file id reveals nothing to someone who may not read it.
/// </summary>
public sealed class FileDownloadEndpoint(ChatTokenValidator tokens, IGrainFactory grains, IFileStore store, IOptions<FilesOptions> options)
{
    public async Task HandleAsync(HttpContext context, string fileId)
    {
        var response = context.Response;
        if (tokens.ValidateRequest(context.Request) is not { } outcome)
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthRequired);
            return;
        }

        if (!outcome.Succeeded)
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthFailed(outcome.FailureReason!));
            return;
        }

        // An id of a form never issued reaches no grain.
        var access = RandomIds.IsWellFormed(fileId)
            ? await grains.Reference<IFileGrain>(fileId).Authorize(outcome.User!.Id)
            : FileAccessResult.Failed(ChatError.NotFound);
        if (access.Error != ChatError.None || access.File is not { } file || access.ChunkSize <= 0)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, ClientErrors.NotFound);
            return;
        }

        var etag = "\"" + (access.Sha256 ?? file.Id) + "\"";
        WriteFileHeaders(response, file, etag);
        if (Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var range = new ByteRange(0, file.Size - 1);
        if (ByteRange.TryParse(context.Request.Headers.Range, file.Size, out var requested))
        {
            if (requested is not { } satisfiable)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = "bytes */" + file.Size.ToString(CultureInfo.InvariantCulture);
                return;
            }

            range = satisfiable;
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.First}-{range.Last}/{file.Size}");
        }

        response.ContentLength = range.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await StreamAsync(context, file.Id, access.ChunkSize, range);
    }

    private void WriteFileHeaders(HttpResponse response, FileRef file, string etag)
    {
        var headers = response.Headers;
        headers.ContentType = file.MimeType;
        headers.AcceptRanges = "bytes";
        headers.ETag = etag;
        // A file id never changes content; private: the content is only for the room's members.
        headers.CacheControl = "private, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        // Opened directly, even an allowed type runs no script and reaches no cookie of this origin.
        headers.ContentSecurityPolicy = "sandbox";
        var disposition = options.Value.InlineTypes.Contains(file.MimeType, StringComparer.OrdinalIgnoreCase) ? "inline" : "attachment";
        headers.ContentDisposition = disposition + "; filename*=UTF-8''" + Uri.EscapeDataString(file.Name);
    }

    /// <summary>Reads only the chunks the range covers, one at a time into a buffer rented for this request.</summary>
    private async Task StreamAsync(HttpContext context, string fileId, int chunkSize, ByteRange range)
    {
        var body = context.Response.Body;
        var cancellationToken = context.RequestAborted;
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            for (var index = (int)(range.First / chunkSize); (long)index * chunkSize <= range.Last; index++)
            {
                var length = await store.ReadChunkAsync(fileId, index, buffer, cancellationToken);
                var chunkStart = (long)index * chunkSize;
                var from = (int)Math.Max(0, range.First - chunkStart);
                var to = (int)Math.Min(length, range.Last - chunkStart + 1);
                if (length < 0 || to <= from)
                {
                    // Deleted while it streamed: the length was promised, so end the response short.
                    context.Abort();
                    return;
                }

                await body.WriteAsync(buffer.AsMemory(from, to - from), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Matches(string? ifNoneMatch, string etag)
    {
        if (string.IsNullOrEmpty(ifNoneMatch))
        {
            return false;
        }

        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Weak comparison, as If-None-Match uses.
            if (candidate == "*" || candidate == etag || (candidate.StartsWith("W/", StringComparison.Ordinal) && candidate[2..] == etag))
            {
                return true;
            }
        }

        return false;
    }

    private static Task WriteErrorAsync(HttpContext context, int status, ErrorPayload error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, ChatJsonContext.Default.ErrorPayload);
    }
}
