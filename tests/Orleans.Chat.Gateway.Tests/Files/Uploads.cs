using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Files;

/// <summary>Contents and the upload steps the file tests share.</summary>
internal static class Uploads
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Random bytes behind a PNG signature: sniffed as image/png.</summary>
    public static byte[] Png(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        PngSignature.CopyTo(bytes);
        return bytes;
    }

    /// <summary>Bytes no sniffer recognises and that are no UTF-8 text: application/octet-stream.</summary>
    public static byte[] Unknown(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        bytes[0] = 0x00;
        bytes[1] = 0xFF;
        bytes[2] = 0xFE;
        return bytes;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static object StartPayload(string roomId, byte[] content, string name = "photo.png", string mimeType = "image/png", bool withSha = true) =>
        new { roomId, name, size = content.Length, mimeType, sha256 = withSha ? Sha256(content) : null };

    /// <summary>upload-start in a room; returns the ack (must be a success).</summary>
    public static Task<JsonElement> StartAsync(ProtocolClient client, string roomId, byte[] content, string name = "photo.png", string mimeType = "image/png") =>
        client.RequestOkAsync("upload-start", StartPayload(roomId, content, name, mimeType));

    public static byte[] Chunk(byte[] content, int index, int chunkSize) =>
        content.AsSpan(index * chunkSize, Math.Min(chunkSize, content.Length - (index * chunkSize))).ToArray();

    /// <summary>Sends the chunks (all at once, without waiting for each ack, as clients pipeline them) and checks every ack.</summary>
    public static async Task SendChunksAsync(ProtocolClient client, string uploadId, byte[] content, IEnumerable<int> indexes, bool binary = false)
    {
        var acks = await Task.WhenAll(indexes.Select(index => client.SendChunkAsync(uploadId, index, Chunk(content, index, FilesFixture.ChunkBytes), binary)));
        foreach (var ack in acks)
        {
            AssertSuccess(ack, "upload-chunk");
        }
    }

    public static int ChunkCount(byte[] content) => (content.Length + FilesFixture.ChunkBytes - 1) / FilesFixture.ChunkBytes;

    /// <summary>Start, every chunk, complete: the upload-complete ack.</summary>
    public static async Task<JsonElement> UploadAsync(ProtocolClient client, string roomId, byte[] content, bool binary = false, string name = "photo.png", string mimeType = "image/png")
    {
        var start = await StartAsync(client, roomId, content, name, mimeType);
        var uploadId = start.GetProperty("uploadId").GetString()!;
        await SendChunksAsync(client, uploadId, content, Enumerable.Range(0, ChunkCount(content)), binary);
        return await client.RequestOkAsync("upload-complete", new { uploadId });
    }

    /// <summary>GET (or another method) of a file url with a user's token as Bearer (null: no token).</summary>
    public static async Task<HttpResponseMessage> DownloadAsync(GatewayServer server, string url, string? token, Action<HttpRequestMessage>? configure = null, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        configure?.Invoke(request);
        return await server.Http.SendAsync(request);
    }
}
