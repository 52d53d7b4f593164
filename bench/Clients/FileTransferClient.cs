using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orleans.Chat.Bench.Clients;

/// <summary>
/// One Orleans.Chat user on the native protocol, for the files scenario: joins a room, uploads files
/// with several chunks in flight (base64, as the protocol's native form), and downloads them over HTTP.
/// Speed here is not the point of the harness's raw sockets: a file moves in a few hundred frames.
/// </summary>
public sealed class FileTransferClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<long, TaskCompletionSource<JsonElement>> _pending = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IPEndPoint _server;
    private Task? _receiveLoop;
    private long _nextId;

    private FileTransferClient(IPEndPoint server, string token)
    {
        _server = server;
        Token = token;
    }

    public string Token { get; }

    public static async Task<FileTransferClient> ConnectAsync(IPEndPoint server, string token, CancellationToken cancellationToken)
    {
        var client = new FileTransferClient(server, token);
        await client._socket.ConnectAsync(new Uri($"ws://{server}/ws?token={Uri.EscapeDataString(token)}"), cancellationToken);
        client._receiveLoop = client.ReceiveAsync();
        await client._connected.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return client;
    }

    public Task<JsonElement> RequestAsync(string type, object data) =>
        RequestAsync(type, JsonSerializer.Serialize(data));

    /// <summary>Sends {type, id, data} and returns the ack; throws when the ack is not a success.</summary>
    public async Task<JsonElement> RequestAsync(string type, string dataJson)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = reply;
        }

        var frame = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"id\":{id},\"data\":{dataJson}}}");
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }

        var ack = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (!ack.TryGetProperty("success", out var success) || !success.GetBoolean())
        {
            throw new InvalidOperationException($"{type} failed: {ack.GetRawText()}");
        }

        return ack;
    }

    /// <summary>Uploads <paramref name="content"/> into the room with up to <paramref name="inFlight"/> chunks unacknowledged; returns the file id.</summary>
    public async Task<string> UploadAsync(string roomId, string name, byte[] content, int inFlight)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var start = await RequestAsync("upload-start", new { roomId, name, size = content.Length, mimeType = "application/pdf", sha256 = sha });
        var uploadId = start.GetProperty("uploadId").GetString()!;
        var chunkSize = start.GetProperty("chunkSize").GetInt32();
        var chunkCount = (content.Length + chunkSize - 1) / chunkSize;
        using var window = new SemaphoreSlim(inFlight, inFlight);
        var sends = new List<Task>(chunkCount);
        for (var index = 0; index < chunkCount; index++)
        {
            await window.WaitAsync();
            var offset = index * chunkSize;
            var data = Convert.ToBase64String(content, offset, Math.Min(chunkSize, content.Length - offset));
            var chunk = RequestAsync("upload-chunk", $"{{\"uploadId\":\"{uploadId}\",\"index\":{index},\"data\":\"{data}\"}}");
            sends.Add(chunk.ContinueWith(_ => window.Release(), TaskScheduler.Default));
            sends.Add(chunk);
        }

        await Task.WhenAll(sends);
        var complete = await RequestAsync("upload-complete", new { uploadId });
        return complete.GetProperty("file").GetProperty("id").GetString()!;
    }

    /// <summary>Downloads a file, counting its bytes without keeping them.</summary>
    public static async Task<long> DownloadAsync(HttpClient http, IPEndPoint server, string token, string fileId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{server}/files/{fileId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Dispatch(message.ToArray());
                message.SetLength(0);
            }
        }
        catch (WebSocketException)
        {
            // The scenario closes the socket; pending requests time out on their own.
        }
    }

    private void Dispatch(byte[] frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        if (type == "connected")
        {
            _connected.TrySetResult();
        }
        else if (type == "ack" && root.TryGetProperty("id", out var idElement))
        {
            TaskCompletionSource<JsonElement>? reply;
            lock (_pending)
            {
                _pending.Remove(idElement.GetInt64(), out reply);
            }

            reply?.TrySetResult(root.GetProperty("data").Clone());
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        if (_receiveLoop is not null)
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _socket.Dispose();
        _sendLock.Dispose();
    }
}
