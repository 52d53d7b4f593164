using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Orleans.Chat.Cluster.Tests;

/// <summary>Files in a cluster: chunks go to the Redis file store, so any gateway serves any file.</summary>
[Collection(TwoByTwoClusterCollection.Name)]
public sealed class FileTransferTests
{
    private readonly ChatCluster _cluster;

    public FileTransferTests(TwoByTwoClusterFixture fixture, ITestOutputHelper output)
    {
        _cluster = fixture.Cluster;
        _cluster.Output = output;
    }

    [Fact]
    public Task A_file_uploaded_through_one_gateway_downloads_identically_through_the_other() => _cluster.RunAsync(async () =>
    {
        var (gateway1, gateway2) = (_cluster.Gateways[0], _cluster.Gateways[1]);
        var (uploaderId, readerId) = (TestIds.User(), TestIds.User());
        var room = TestIds.Room();
        await using var uploader = await gateway1.ConnectAsync(uploaderId);
        await using var reader = await gateway2.ConnectAsync(readerId);
        await uploader.RequestOkAsync("join-room", room);
        await reader.RequestOkAsync("join-room", room);

        // Several default-sized (256 KB) chunks and a short last one; a PNG signature so it is sniffed as image/png.
        var content = RandomNumberGenerator.GetBytes((3 * 256 * 1024) + 4321);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(content, 0);
        var start = await uploader.RequestOkAsync("upload-start", new
        {
            roomId = room,
            name = "cluster.png",
            size = content.Length,
            mimeType = "image/png",
            sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
        });
        var uploadId = start.GetProperty("uploadId").GetString()!;
        var chunkSize = start.GetProperty("chunkSize").GetInt32();
        var chunkCount = start.GetProperty("chunkCount").GetInt32();
        Assert.Equal(4, chunkCount);
        for (var index = 0; index < chunkCount; index++)
        {
            var chunk = content.AsSpan(index * chunkSize, Math.Min(chunkSize, content.Length - (index * chunkSize)));
            // Written by hand: a JSON serializer's default escaping ('+' as \u002B) would take a full chunk's
            // frame past the chunk frame cap (chunkSize * 4/3 + 4096), as the protocol says clients must not.
            var id = "chunk-" + index;
            var data = Convert.ToBase64String(chunk);
            await uploader.SendRawAsync("{\"type\":\"upload-chunk\",\"id\":\"" + id + "\",\"data\":{\"uploadId\":\"" + uploadId + "\",\"index\":" + index + ",\"data\":\"" + data + "\"}}");
            var ack = await uploader.WaitForFrameAsync(frame => TestChatClient.IsAckFor(frame, id));
            ChatChecks.AssertSuccess(ack.GetProperty("data"), "upload-chunk " + index);
        }

        await uploader.RequestOkAsync("upload-complete", new { uploadId });
        var message = await reader.WaitForEventAsync("new-message", m => m.GetProperty("type").GetString() == "file", TimeSpan.FromSeconds(20));
        var url = message.GetProperty("file").GetProperty("url").GetString()!;

        using var http = new HttpClient { BaseAddress = gateway2.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(_cluster.SigningKey, readerId, readerId));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    });
}
