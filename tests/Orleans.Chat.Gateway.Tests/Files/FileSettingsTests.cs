using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Files;

/// <summary>Settings that need a gateway of their own: files switched off, and a short upload timeout.</summary>
public sealed class FileSettingsTests
{
    [Fact]
    public async Task With_files_off_upload_start_is_not_allowed_on_both_protocols()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chat-files-" + Guid.NewGuid().ToString("N"));
        var settings = FilesFixture.Settings(directory);
        settings["Files:Enabled"] = "false";
        await using var server = await GatewayServer.StartAsync(settings);

        foreach (var protocol in new[] { WireProtocol.Native, WireProtocol.SocketIo })
        {
            await using var client = await ProtocolClient.ConnectAsync(server, protocol);
            var room = TestIds.Room();
            await client.RequestOkAsync("join-room", room);
            AssertError(await client.RequestAsync("upload-start", Uploads.StartPayload(room, Uploads.Png(100))), "not_allowed");
        }
    }

    [Fact]
    public async Task An_upload_idle_past_the_upload_timeout_is_gone_on_both_protocols()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chat-files-" + Guid.NewGuid().ToString("N"));
        var settings = FilesFixture.Settings(directory);
        settings["Files:UploadTimeout"] = "00:00:05";
        await using var server = await GatewayServer.StartAsync(settings);
        try
        {
            var uploads = new List<(ProtocolClient Client, string UploadId, byte[] Content)>();
            foreach (var protocol in new[] { WireProtocol.Native, WireProtocol.SocketIo })
            {
                var client = await ProtocolClient.ConnectAsync(server, protocol);
                var room = TestIds.Room();
                await client.RequestOkAsync("join-room", room);
                var content = Uploads.Png(FilesFixture.ChunkBytes + 10);
                var uploadId = (await Uploads.StartAsync(client, room, content)).GetProperty("uploadId").GetString()!;
                await Uploads.SendChunksAsync(client, uploadId, content, [0]);
                uploads.Add((client, uploadId, content));
            }

            await Task.Delay(TimeSpan.FromSeconds(8));

            foreach (var (client, uploadId, content) in uploads)
            {
                AssertError(await client.SendChunkAsync(uploadId, 1, Uploads.Chunk(content, 1, FilesFixture.ChunkBytes)), "not_found");
                AssertError(await client.RequestAsync("upload-start", new { uploadId }), "not_found");
                AssertError(await client.RequestAsync("upload-complete", new { uploadId }), "not_found");
                await client.DisposeAsync();
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Chunks_count_as_a_quarter_event_against_the_rate_limit_on_both_protocols()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chat-files-" + Guid.NewGuid().ToString("N"));
        var settings = FilesFixture.Settings(directory);
        settings["Limits:EventsPerMinute"] = "10";
        await using var server = await GatewayServer.StartAsync(settings);

        foreach (var protocol in new[] { WireProtocol.Native, WireProtocol.SocketIo })
        {
            await using var client = await ProtocolClient.ConnectAsync(server, protocol);
            var room = TestIds.Room();
            var content = Uploads.Png(100);
            // Two events of the ten: 8 left, which is 32 chunks.
            await client.RequestOkAsync("join-room", room);
            var uploadId = (await Uploads.StartAsync(client, room, content)).GetProperty("uploadId").GetString()!;
            for (var i = 0; i < 32; i++)
            {
                await client.RequestOkAsync("upload-chunk", new { uploadId, index = 0, data = Convert.ToBase64String(content) });
            }

            AssertError(await client.SendChunkAsync(uploadId, 0, content), "rate_limited");
            AssertError(await client.RequestAsync("upload-complete", new { uploadId }), "rate_limited");
        }
    }
}
