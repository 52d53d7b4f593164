using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Files;

[Collection(FilesCollection.Name)]
public sealed class DownloadTests(FilesFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    /// <summary>A stored file of <paramref name="content"/> in a fresh room: its id, its uploader (a member) and room.</summary>
    private async Task<(string FileId, ProtocolClient Uploader, string Room)> StoredAsync(byte[] content, string name = "photo.png", string mimeType = "image/png")
    {
        var uploader = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        var room = TestIds.Room();
        await uploader.RequestOkAsync("join-room", room);
        var complete = await Uploads.UploadAsync(uploader, room, content, name: name, mimeType: mimeType);
        return (complete.GetProperty("file").GetProperty("id").GetString()!, uploader, room);
    }

    [Fact]
    public async Task A_member_downloads_with_the_documented_headers_and_a_stranger_gets_404()
    {
        var content = Uploads.Png((2 * FilesFixture.ChunkBytes) + 7);
        var (fileId, uploader, _) = await StoredAsync(content);
        await using var _uploader = uploader;
        var token = await Server.DevTokenAsync(uploader.UserId);

        using var ok = await Uploads.DownloadAsync(Server, "/files/" + fileId, token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(content, await ok.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal(content.Length, ok.Content.Headers.ContentLength);
        Assert.Equal(["bytes"], ok.Headers.AcceptRanges);
        // Strong: the SHA-256 when the file grain recorded it, else the file id (content never changes).
        Assert.Equal("\"" + Uploads.Sha256(content) + "\"", ok.Headers.ETag!.Tag);
        Assert.False(ok.Headers.ETag.IsWeak);
        // As sent: HttpClient's parsed Cache-Control would reorder the directives.
        Assert.Equal("private, max-age=31536000, immutable", ok.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("nosniff", ok.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox", ok.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("inline; filename*=UTF-8''photo.png", ok.Content.Headers.GetValues("Content-Disposition").Single());

        // ?token= works too (for <img src>).
        using var query = await Uploads.DownloadAsync(Server, $"/files/{fileId}?token={Uri.EscapeDataString(token)}", null);
        Assert.Equal(content, await query.Content.ReadAsByteArrayAsync());

        using var stranger = await Uploads.DownloadAsync(Server, "/files/" + fileId, await Server.DevTokenAsync(TestIds.User()));
        using var unknown = await Uploads.DownloadAsync(Server, "/files/AAAAAAAAAAAAAAAAAAAAAA", token);
        using var malformed = await Uploads.DownloadAsync(Server, "/files/..%2F..%2Fetc", token);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        // The same answer: nothing tells a stranger the file exists.
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await stranger.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_token_or_a_bad_one_is_401()
    {
        var (fileId, uploader, _) = await StoredAsync(Uploads.Png(100));
        await using var _uploader = uploader;

        using var none = await Uploads.DownloadAsync(Server, "/files/" + fileId, null);
        using var bad = await Uploads.DownloadAsync(Server, "/files/" + fileId, "not.a.token");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
    }

    [Fact]
    public async Task Ranges_are_served_partially_and_unsatisfiable_ones_are_416()
    {
        var content = Uploads.Png((3 * FilesFixture.ChunkBytes) + 50);
        var (fileId, uploader, _) = await StoredAsync(content);
        await using var _uploader = uploader;
        var token = await Server.DevTokenAsync(uploader.UserId);

        // Across a chunk boundary.
        var first = FilesFixture.ChunkBytes - 10;
        var last = (2 * FilesFixture.ChunkBytes) + 5;
        using var middle = await Uploads.DownloadAsync(Server, "/files/" + fileId, token, r => r.Headers.Range = new RangeHeaderValue(first, last));
        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal($"bytes {first}-{last}/{content.Length}", middle.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(content[first..(last + 1)], await middle.Content.ReadAsByteArrayAsync());

        using var suffix = await Uploads.DownloadAsync(Server, "/files/" + fileId, token, r => r.Headers.Range = new RangeHeaderValue(null, 100));
        Assert.Equal(content[^100..], await suffix.Content.ReadAsByteArrayAsync());

        using var open = await Uploads.DownloadAsync(Server, "/files/" + fileId, token, r => r.Headers.Range = new RangeHeaderValue(content.Length - 3, null));
        Assert.Equal(content[^3..], await open.Content.ReadAsByteArrayAsync());

        using var beyond = await Uploads.DownloadAsync(Server, "/files/" + fileId, token, r => r.Headers.Range = new RangeHeaderValue(content.Length, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{content.Length}", beyond.Content.Headers.GetValues("Content-Range").Single());
    }

    [Fact]
    public async Task If_None_Match_with_the_etag_is_304_and_HEAD_has_the_headers_only()
    {
        var content = Uploads.Png(5000);
        var (fileId, uploader, _) = await StoredAsync(content);
        await using var _uploader = uploader;
        var token = await Server.DevTokenAsync(uploader.UserId);
        string etag;
        using (var first = await Uploads.DownloadAsync(Server, "/files/" + fileId, token))
        {
            etag = first.Headers.ETag!.Tag;
        }

        using var cached = await Uploads.DownloadAsync(Server, "/files/" + fileId, token, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag)));
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Empty(await cached.Content.ReadAsByteArrayAsync());

        using var changed = await Uploads.DownloadAsync(Server, "/files/" + fileId, token, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\"")));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var head = await Uploads.DownloadAsync(Server, "/files/" + fileId, token, method: HttpMethod.Head);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(content.Length, head.Content.Headers.ContentLength);
        Assert.Equal(etag, head.Headers.ETag!.Tag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Types_not_listed_inline_download_as_attachments_with_an_encoded_name()
    {
        var content = Encoding.UTF8.GetBytes("plain text, nothing else\n");
        var (fileId, uploader, _) = await StoredAsync(content, "notes été.txt", "text/plain");
        await using var _uploader = uploader;

        using var response = await Uploads.DownloadAsync(Server, "/files/" + fileId, await Server.DevTokenAsync(uploader.UserId));
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename*=UTF-8''notes%20%C3%A9t%C3%A9.txt", response.Content.Headers.GetValues("Content-Disposition").Single());
    }

    [Fact]
    public async Task Deleting_the_file_message_makes_the_file_404()
    {
        var content = Uploads.Png(100);
        var uploader = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        await using var _uploader = uploader;
        var room = TestIds.Room();
        await uploader.RequestOkAsync("join-room", room);
        var complete = await Uploads.UploadAsync(uploader, room, content);
        var fileId = complete.GetProperty("file").GetProperty("id").GetString()!;
        var token = await Server.DevTokenAsync(uploader.UserId);
        using (var before = await Uploads.DownloadAsync(Server, "/files/" + fileId, token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await uploader.RequestOkAsync("delete-message", new { roomId = room, seq = complete.GetProperty("seq").GetInt64() });

        await Eventually.TrueAsync(async () =>
        {
            using var after = await Uploads.DownloadAsync(Server, "/files/" + fileId, token);
            return after.StatusCode == HttpStatusCode.NotFound;
        }, what: "the deleted file answers 404");
    }

    [Fact]
    public async Task Twenty_concurrent_downloads_of_a_multi_chunk_file_all_get_the_same_bytes()
    {
        var content = Uploads.Png((7 * FilesFixture.ChunkBytes) + 321);
        var (fileId, uploader, room) = await StoredAsync(content);
        await using var _uploader = uploader;
        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await using var member = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
            await member.RequestOkAsync("join-room", room);
            return await Server.DevTokenAsync(member.UserId);
        }));

        var bodies = await Task.WhenAll(tokens.Select(async token =>
        {
            using var response = await Uploads.DownloadAsync(Server, "/files/" + fileId, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsByteArrayAsync();
        }));

        Assert.All(bodies, body => Assert.Equal(content, body));
    }
}
