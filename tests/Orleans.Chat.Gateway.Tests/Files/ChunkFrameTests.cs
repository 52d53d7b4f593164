using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Files;

/// <summary>Only upload-chunk frames of a session with an open upload may pass Limits:MaxFrameBytes, and only up to the chunk frame cap.</summary>
[Collection(FilesCollection.Name)]
public sealed class ChunkFrameTests(FilesFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task An_ordinary_frame_over_MaxFrameBytes_is_still_refused_while_an_upload_is_open(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        await Uploads.StartAsync(client, room, Uploads.Png(100));

        await client.SendWithoutAckAsync("message", new { roomId = room, content = new string('m', FilesFixture.MaxFrameBytes + 100) });

        AssertError(await client.WaitForEventAsync("error"), "payload_too_large");
        await client.WaitClosedAsync();
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_chunk_frame_over_the_chunk_frame_cap_is_refused(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        var uploadId = (await Uploads.StartAsync(client, room, Uploads.Png(FilesFixture.ChunkBytes * 2))).GetProperty("uploadId").GetString()!;

        await client.SendWithoutAckAsync("upload-chunk", new { uploadId, index = 0, data = new string('A', FilesFixture.MaxChunkFrameBytes) });

        if (protocol == WireProtocol.Native)
        {
            AssertError(await client.WaitForEventAsync("error"), "payload_too_large");
        }

        // Socket.IO: over Engine.IO's maxPayload (the chunk frame cap), the transport closes as for any oversized message.
        await client.WaitClosedAsync();
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_large_chunk_frame_of_a_session_with_no_upload_open_is_refused(WireProtocol protocol)
    {
        await using var client = await ProtocolClient.ConnectAsync(Server, protocol);
        var chunk = Convert.ToBase64String(Uploads.Png(FilesFixture.ChunkBytes));

        await client.SendWithoutAckAsync("upload-chunk", new { uploadId = "AAAAAAAAAAAAAAAAAAAAAA", index = 0, data = chunk });

        AssertError(await client.WaitForEventAsync("error"), "payload_too_large");
        await client.WaitClosedAsync();
    }
}
