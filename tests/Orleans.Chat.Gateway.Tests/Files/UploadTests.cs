using System.Net;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Files;

[Collection(FilesCollection.Name)]
public sealed class UploadTests(FilesFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    public static TheoryData<WireProtocol, bool> Transfers => new()
    {
        { WireProtocol.Native, false },
        { WireProtocol.SocketIo, false },
        { WireProtocol.SocketIo, true },
    };

    [Theory]
    [MemberData(nameof(Transfers))]
    public async Task An_upload_is_posted_as_a_file_message_and_downloads_as_the_same_bytes(WireProtocol protocol, bool binary)
    {
        await using var uploader = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var member = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        var room = TestIds.Room();
        await uploader.RequestOkAsync("join-room", room);
        await member.RequestOkAsync("join-room", room);
        // Not a multiple of the chunk size: the last chunk is the rest.
        var content = Uploads.Png((3 * FilesFixture.ChunkBytes) + 1234);

        var start = await Uploads.StartAsync(uploader, room, content);
        Assert.Equal(FilesFixture.ChunkBytes, start.GetProperty("chunkSize").GetInt32());
        Assert.Equal(4, start.GetProperty("chunkCount").GetInt32());
        Assert.Empty(start.GetProperty("received").EnumerateArray());
        Assert.Equal(22, start.GetProperty("uploadId").GetString()!.Length);
        var uploadId = start.GetProperty("uploadId").GetString()!;
        // Out of order and pipelined.
        await Uploads.SendChunksAsync(uploader, uploadId, content, [3, 1, 0, 2], binary);
        var complete = await uploader.RequestOkAsync("upload-complete", new { uploadId });

        var file = complete.GetProperty("file");
        Assert.Equal(uploadId, file.GetProperty("id").GetString());
        Assert.Equal("photo.png", file.GetProperty("name").GetString());
        Assert.Equal(content.Length, file.GetProperty("size").GetInt64());
        Assert.Equal("image/png", file.GetProperty("mimeType").GetString());
        Assert.Equal("/files/" + uploadId, file.GetProperty("url").GetString());
        Assert.True(complete.GetProperty("seq").GetInt64() > 0);
        var message = await member.WaitForEventAsync("new-message", m => m.GetProperty("type").GetString() == "file");
        Assert.Equal(uploadId, message.GetProperty("file").GetProperty("id").GetString());

        // A repeated upload-complete answers the same.
        var again = await uploader.RequestOkAsync("upload-complete", new { uploadId });
        Assert.Equal(complete.GetProperty("messageId").GetString(), again.GetProperty("messageId").GetString());

        using var download = await Uploads.DownloadAsync(Server, "/files/" + uploadId, await Server.DevTokenAsync(member.UserId));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(Transfers))]
    public async Task A_new_connection_resumes_an_upload_from_the_chunks_the_server_has(WireProtocol protocol, bool binary)
    {
        var userId = TestIds.User();
        var room = TestIds.Room();
        var content = Uploads.Png(5 * FilesFixture.ChunkBytes);
        string uploadId;
        await using (var first = await ProtocolClient.ConnectAsync(Server, protocol, userId))
        {
            await first.RequestOkAsync("join-room", room);
            uploadId = (await Uploads.StartAsync(first, room, content)).GetProperty("uploadId").GetString()!;
            await Uploads.SendChunksAsync(first, uploadId, content, [0, 1, 3], binary);
        }

        await using var second = await ProtocolClient.ConnectAsync(Server, protocol, userId);
        // Chunks are refused until the connection resumes the upload (a small one: until then even a
        // full chunk's frame is over Limits:MaxFrameBytes, see ChunkFrameTests).
        AssertError(await second.SendChunkAsync(uploadId, 2, [1, 2, 3], binary), "not_found");
        var resume = await second.RequestOkAsync("upload-start", new { uploadId });
        Assert.Equal([0, 1, 3], resume.GetProperty("received").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(5, resume.GetProperty("chunkCount").GetInt32());
        await Uploads.SendChunksAsync(second, uploadId, content, [2, 4], binary);
        await second.RequestOkAsync("upload-complete", new { uploadId });

        using var download = await Uploads.DownloadAsync(Server, "/files/" + uploadId, await Server.DevTokenAsync(userId));
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Upload_start_refuses_what_the_contract_refuses(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        var content = Uploads.Png(1000);

        AssertError(await client.RequestAsync("upload-start", new { roomId = room, name = "big.png", size = FilesFixture.MaxBytes + 1, mimeType = "image/png" }), "quota_exceeded", "File too large");
        AssertError(await client.RequestAsync("upload-start", Uploads.StartPayload(room, content, "x.exe", "application/x-msdownload")), "unsupported_type");
        AssertError(await client.RequestAsync("upload-start", Uploads.StartPayload(TestIds.Room(), content)), "not_in_room");

        // Malformed: wrong kinds, both or neither scope, a size below 1, a sha256 that is no hex digest, no payload.
        AssertError(await client.RequestAsync("upload-start", new { roomId = room, name = "a.png", size = "1000", mimeType = "image/png" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { roomId = room, withUserId = "u", name = "a.png", size = 1000, mimeType = "image/png" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { name = "a.png", size = 1000, mimeType = "image/png" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { roomId = room, name = "a.png", size = 0, mimeType = "image/png" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { roomId = room, name = "a.png", size = 1000, mimeType = "image/png", sha256 = "xyz" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { roomId = room, name = "", size = 1000, mimeType = "image/png" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { roomId = room, name = new string('n', 300), size = 1000, mimeType = "image/png" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", null), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { uploadId = 42 }), "invalid_format");
        AssertError(await client.RequestAsync("upload-start", new { uploadId = "not-an-id" }), "not_found");
        AssertError(await client.RequestAsync("upload-start", new { uploadId = "AAAAAAAAAAAAAAAAAAAAAA" }), "not_found");
    }

    [Theory]
    [MemberData(nameof(Transfers))]
    public async Task Chunks_with_a_bad_index_length_or_encoding_are_refused_and_change_nothing(WireProtocol protocol, bool binary)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        var content = Uploads.Png((2 * FilesFixture.ChunkBytes) + 10);
        var uploadId = (await Uploads.StartAsync(client, room, content)).GetProperty("uploadId").GetString()!;
        var full = Uploads.Chunk(content, 0, FilesFixture.ChunkBytes);

        AssertError(await client.SendChunkAsync(uploadId, 3, full, binary), "invalid_format", "Invalid chunk");
        AssertError(await client.SendChunkAsync(uploadId, -1, full, binary), "invalid_format", "Invalid chunk");
        AssertError(await client.SendChunkAsync(uploadId, 0, full[..100], binary), "invalid_format", "Invalid chunk");
        AssertError(await client.SendChunkAsync(uploadId, 2, full[..11], binary), "invalid_format", "Invalid chunk");
        AssertError(await client.SendChunkAsync(uploadId, 2, [], binary), "invalid_format", "Invalid chunk");
        AssertError(await client.RequestAsync("upload-chunk", new { uploadId, index = 0, data = "@@@@not base64@@@@" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-chunk", new { uploadId, index = 0, data = "QUJD\nREVG" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-chunk", new { uploadId, index = 0, data = 12 }), "invalid_format");
        AssertError(await client.RequestAsync("upload-chunk", new { uploadId, index = 0 }), "invalid_format");
        AssertError(await client.RequestAsync("upload-chunk", new { uploadId, index = "0", data = "QUJD" }), "invalid_format");
        AssertError(await client.RequestAsync("upload-chunk", new { uploadId, index = 0.5, data = "QUJD" }), "invalid_format", "Invalid chunk");
        AssertError(await client.RequestAsync("upload-chunk", new { index = 0, data = "QUJD" }), "invalid_format");
        // A placeholder without an attachment is no data.
        AssertError(await client.RequestAsync("upload-chunk", new { uploadId, index = 0, data = new Dictionary<string, object> { ["_placeholder"] = true, ["num"] = 0 } }), "invalid_format");

        var resume = await client.RequestOkAsync("upload-start", new { uploadId });
        Assert.Empty(resume.GetProperty("received").EnumerateArray());
        AssertError(await client.RequestAsync("upload-complete", new { uploadId }), "upload_incomplete");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_checksum_mismatch_keeps_the_upload_open_for_the_right_chunks(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        var content = Uploads.Png(FilesFixture.ChunkBytes + 100);
        var other = Uploads.Png(content.Length);
        var uploadId = (await Uploads.StartAsync(client, room, content)).GetProperty("uploadId").GetString()!;

        await Uploads.SendChunksAsync(client, uploadId, other, [0, 1]);
        AssertError(await client.RequestAsync("upload-complete", new { uploadId }), "checksum_mismatch");

        await Uploads.SendChunksAsync(client, uploadId, content, [0, 1]);
        await client.RequestOkAsync("upload-complete", new { uploadId });
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Content_whose_sniffed_type_is_not_allowed_is_refused_at_complete(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        var content = Uploads.Unknown(500);
        var uploadId = (await Uploads.StartAsync(client, room, content)).GetProperty("uploadId").GetString()!;
        await Uploads.SendChunksAsync(client, uploadId, content, [0]);

        AssertError(await client.RequestAsync("upload-complete", new { uploadId }), "unsupported_type");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Someone_elses_upload_is_not_found_for_every_upload_event(WireProtocol protocol)
    {
        await using var owner = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var stranger = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await owner.RequestOkAsync("join-room", room);
        await stranger.RequestOkAsync("join-room", room);
        var content = Uploads.Png(100);
        var uploadId = (await Uploads.StartAsync(owner, room, content)).GetProperty("uploadId").GetString()!;

        AssertError(await stranger.RequestAsync("upload-start", new { uploadId }), "not_found");
        AssertError(await stranger.SendChunkAsync(uploadId, 0, content), "not_found");
        AssertError(await stranger.RequestAsync("upload-complete", new { uploadId }), "not_found");
        AssertError(await stranger.RequestAsync("upload-cancel", new { uploadId }), "not_found");

        // The owner's upload is untouched.
        await Uploads.SendChunksAsync(owner, uploadId, content, [0]);
        await owner.RequestOkAsync("upload-complete", new { uploadId });
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_cancelled_upload_takes_no_more_chunks_and_cannot_be_resumed(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        var content = Uploads.Png(100);
        var uploadId = (await Uploads.StartAsync(client, room, content)).GetProperty("uploadId").GetString()!;

        await client.RequestOkAsync("upload-cancel", new { uploadId });
        AssertError(await client.SendChunkAsync(uploadId, 0, content), "not_found");
        AssertError(await client.RequestAsync("upload-start", new { uploadId }), "not_found");
        AssertError(await client.RequestAsync("upload-complete", new { uploadId }), "not_found");
        AssertError(await client.RequestAsync("upload-cancel", new { uploadId = 5 }), "invalid_format");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Quota_and_concurrent_uploads_are_capped_per_user(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);

        var first = await Uploads.StartAsync(client, room, Uploads.Png(10));
        await Uploads.StartAsync(client, room, Uploads.Png(10));
        AssertError(await client.RequestAsync("upload-start", Uploads.StartPayload(room, Uploads.Png(10))), "quota_exceeded", "Too many uploads");
        await client.RequestOkAsync("upload-cancel", new { uploadId = first.GetProperty("uploadId").GetString() });

        // Stored files count against the quota: 60 KB stored, 60 KB more does not fit 100 KB.
        var stored = Uploads.Png(60 * 1024);
        await Uploads.UploadAsync(client, room, stored);
        AssertError(await client.RequestAsync("upload-start", Uploads.StartPayload(room, Uploads.Png(60 * 1024))), "quota_exceeded", "Upload quota exceeded");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_file_can_go_to_a_conversation_and_only_its_two_users_download_it(WireProtocol protocol)
    {
        await using var sender = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var recipient = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        var content = Uploads.Png(3000);
        var start = await sender.RequestOkAsync("upload-start", new { withUserId = recipient.UserId, name = "dm.png", size = content.Length, mimeType = "image/png" });
        var uploadId = start.GetProperty("uploadId").GetString()!;
        await Uploads.SendChunksAsync(sender, uploadId, content, [0]);
        var complete = await sender.RequestOkAsync("upload-complete", new { uploadId });
        Assert.False(string.IsNullOrEmpty(complete.GetProperty("conversationId").GetString()));

        var message = await recipient.WaitForEventAsync("private-message", m => m.GetProperty("type").GetString() == "file");
        Assert.Equal(uploadId, message.GetProperty("file").GetProperty("id").GetString());
        using var mine = await Uploads.DownloadAsync(Server, "/files/" + uploadId, await Server.DevTokenAsync(recipient.UserId));
        Assert.Equal(content, await mine.Content.ReadAsByteArrayAsync());
        using var theirs = await Uploads.DownloadAsync(Server, "/files/" + uploadId, await Server.DevTokenAsync(TestIds.User()));
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }
}
