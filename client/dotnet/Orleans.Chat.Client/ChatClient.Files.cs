using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Orleans.Chat.Client.Internal;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Files (docs/PROTOCOL.md "Files"): chunked uploads through the socket that resume after a reconnect, and
// downloads over HTTP from the same gateway.
public sealed partial class ChatClient
{
    // A resume that still finds chunks missing after sending them all is repeated; this often means something else is wrong.
    private const int MaxUploadRounds = 20;

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient());

    // The token of the live (or last) connection, for FileUrl; written by the connect loop and token refresh.
    private string? _token;

    /// <summary>
    /// Uploads <paramref name="content"/> (from its current position; a stream that cannot seek is copied into memory first)
    /// into a room or a direct conversation, and completes with the <c>file</c> message's ack. The client computes the
    /// SHA-256, sends <see cref="ChatClientOptions.UploadConcurrency"/> chunks at a time and reports the bytes the server
    /// has to <paramref name="progress"/>. If the connection drops, it waits for the reconnect, asks the server which chunks
    /// it has and sends the others. Cancelling sends upload-cancel. Refusals throw <see cref="ChatException"/>:
    /// <see cref="ChatErrorCodes.QuotaExceeded"/>, <see cref="ChatErrorCodes.UnsupportedType"/>, <see cref="ChatErrorCodes.NotInRoom"/>, ...
    /// </summary>
    public async Task<UploadFileAck> UploadFileAsync(
        Stream content,
        string name,
        string mimeType,
        ChatScope scope,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        ArgumentNullException.ThrowIfNull(scope);
        using var source = await UploadSource.OpenAsync(content, cancellationToken).ConfigureAwait(false);
        var json = ClientJsonContext.Default;
        var status = await RequestAsync(EventNames.UploadStart, new UploadStartPayload(scope.RoomId, scope.WithUserId, name, source.Length, mimeType, source.Sha256),
            json.UploadStartPayload, json.UploadStatusAck, resend: true, cancellationToken).ConfigureAwait(false);
        var uploadId = status.UploadId;
        try
        {
            for (var round = 0; ; round++)
            {
                if (status is not null)
                {
                    try
                    {
                        await SendMissingChunksAsync(source, status, progress, cancellationToken).ConfigureAwait(false);
                        return await RequestAsync(EventNames.UploadComplete, new UploadIdPayload(uploadId), json.UploadIdPayload, json.UploadFileAck,
                            resend: true, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ChatException ex) when (ex.Code is ChatErrorCodes.Disconnected or ChatErrorCodes.UploadIncomplete or ChatErrorCodes.NotFound)
                    {
                        // Resumed below. not_found from a chunk: it reached a connection that has not resumed the upload
                        // (a drop and a reconnect in between); the resume tells whether the upload itself is gone.
                    }
                }

                if (round >= MaxUploadRounds)
                {
                    throw new ChatException(ChatErrorCodes.UploadIncomplete, "The upload did not complete after repeated resumes");
                }

                status = null;
                await WhenConnectedAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    status = await RequestAsync(EventNames.UploadStart, new UploadIdPayload(uploadId), json.UploadIdPayload, json.UploadStatusAck,
                        resend: false, cancellationToken).ConfigureAwait(false);
                }
                catch (ChatException ex) when (ex.Code == ChatErrorCodes.Disconnected)
                {
                    // Dropped again before the answer: the next round waits for the next connection.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not awaited (cancelling must not wait for a connection): the server forgets the chunks now, not after Files:UploadTimeout.
            _ = RequestAsync(EventNames.UploadCancel, new UploadIdPayload(uploadId), json.UploadIdPayload, resend: false, CancellationToken.None)
                .ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Sends the chunks the status does not list, a few at a time; the first failure stops the others and is thrown.</summary>
    private async Task SendMissingChunksAsync(UploadSource source, UploadStatusAck status, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (status.ChunkSize < 1 || status.ChunkCount < 0)
        {
            throw new ChatException(ChatErrorCodes.InvalidFormat, "The server sent an upload status without chunkSize or chunkCount");
        }

        var have = status.Received.ToHashSet();
        var missing = new Queue<int>(Enumerable.Range(0, status.ChunkCount).Where(i => !have.Contains(i)));
        var sent = source.Length - missing.Sum(i => (long)source.ChunkLength(i, status.ChunkSize));
        progress?.Report(sent);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;

        async Task WorkerAsync()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(status.ChunkSize);
            try
            {
                while (true)
                {
                    int index;
                    lock (missing)
                    {
                        if (failure is not null || !missing.TryDequeue(out index))
                        {
                            return;
                        }
                    }

                    var chunk = await source.ReadChunkAsync(index, status.ChunkSize, buffer, stop.Token).ConfigureAwait(false);
                    // Bound: a chunk goes to the connection that started or resumed the upload only (another one answers
                    // not_found and holds chunk frames to the small frame cap); after a drop, the resume takes over.
                    // The frame is encoded before RequestAsync returns, so the pooled buffer may be reused at once.
                    var ack = RequestAsync(EventNames.UploadChunk, new UploadChunkPayload(status.UploadId, index, chunk), ClientJsonContext.Default.UploadChunkPayload,
                        resend: false, stop.Token, bound: true);
                    await ack.ConfigureAwait(false);
                    progress?.Report(Interlocked.Add(ref sent, chunk.Length));
                }
            }
            catch (Exception ex)
            {
                lock (missing)
                {
                    failure ??= ex;
                }

                await stop.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(_options.UploadConcurrency, missing.Count)).Select(_ => WorkerAsync())).ConfigureAwait(false);
        if (failure is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Completes once connected (at once when connected); throws when the client gave up or was disposed.</summary>
    private Task WhenConnectedAsync(CancellationToken cancellationToken)
    {
        Task connected;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state == ConnectionState.Connected)
            {
                return Task.CompletedTask;
            }

            if (_state == ConnectionState.Disconnected)
            {
                throw new ChatException(ChatErrorCodes.Disconnected, "The connection did not come back");
            }

            _connectWaiter ??= new TaskCompletionSource<ConnectedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            connected = _connectWaiter.Task;
        }

        return connected.WaitAsync(cancellationToken);
    }

    /// <summary>The absolute download URL of a file with <c>?token=</c> (the connection's token), for a browser or an image view that cannot send a header.</summary>
    public Uri FileUrl(FileRef file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var token = Volatile.Read(ref _token) ?? throw new ChatException(ChatErrorCodes.Disconnected, "No token yet: connect first");
        return new UriBuilder(new Uri(HttpBase, FilePath(file))) { Query = "token=" + Uri.EscapeDataString(token) }.Uri;
    }

    /// <summary>
    /// Streams a file into <paramref name="destination"/> (an <c>Authorization: Bearer</c> request with a token from the
    /// provider). An unknown or deleted file, or one of a room the user is not in: <see cref="ChatErrorCodes.NotFound"/>.
    /// </summary>
    public async Task DownloadFileAsync(FileRef file, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await SendHttpAsync(new Uri(HttpBase, FilePath(file)), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The gateway's HTTP origin: the socket URI with http(s) and no path.</summary>
    private Uri HttpBase => new UriBuilder(_options.ServerUri)
    {
        Scheme = _options.ServerUri.Scheme == "wss" ? "https" : "http",
        Path = "/",
        Query = string.Empty,
    }.Uri;

    private static string FilePath(FileRef file) =>
        file.Url.StartsWith('/') ? file.Url : "/files/" + Uri.EscapeDataString(file.Id);

    /// <summary>A GET with a fresh token; a failure status throws <see cref="ChatException"/> with the matching code.</summary>
    private async Task<HttpResponseMessage> SendHttpAsync(Uri uri, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var token = await _options.TokenProvider(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await (_options.HttpClient ?? SharedHttp.Value).SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        response.Dispose();
        var code = response.StatusCode switch
        {
            HttpStatusCode.NotFound => ChatErrorCodes.NotFound,
            HttpStatusCode.Unauthorized => "auth_failed",
            HttpStatusCode.TooManyRequests => ChatErrorCodes.RateLimited,
            _ => "http_" + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        throw new ChatException(code, $"GET {uri.AbsolutePath}: HTTP {(int)response.StatusCode}");
    }
}
