using System.Text.Json;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client.Tests.Unit;

public sealed class FrameEncoderTests
{
    /// <summary>The server's cap for an upload-chunk frame (docs/PROTOCOL.md "Files").</summary>
    private static int ChunkFrameCap(int chunkSize) => (chunkSize * 4 / 3) + 4096;

    [Fact]
    public void A_full_default_chunk_of_plus_heavy_base64_stays_under_the_chunk_frame_cap()
    {
        const int chunkSize = 262144;
        // 0xFB 0xEF 0xBE encodes as "++++": the worst case for an encoder that escapes '+'.
        var bytes = Enumerable.Repeat(new byte[] { 0xFB, 0xEF, 0xBE }, (chunkSize / 3) + 1).SelectMany(b => b).Take(chunkSize).ToArray();

        var frame = FrameEncoder.Encode(EventNames.UploadChunk, "17", new UploadChunkPayload("upload-1", 3, bytes), ClientJsonContext.Default.UploadChunkPayload);

        Assert.InRange(frame.Length, chunkSize * 4 / 3, ChunkFrameCap(chunkSize));
        using var document = JsonDocument.Parse(frame);
        var data = document.RootElement.GetProperty("data");
        Assert.Equal("upload-chunk", document.RootElement.GetProperty("type").GetString());
        Assert.Equal("upload-1", data.GetProperty("uploadId").GetString());
        Assert.Equal(3, data.GetProperty("index").GetInt32());
        Assert.Equal(bytes, Convert.FromBase64String(data.GetProperty("data").GetString()!));
    }
}
