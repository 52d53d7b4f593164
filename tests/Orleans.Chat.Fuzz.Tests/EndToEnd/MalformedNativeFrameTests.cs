using System.Text.Json;
using System.Text.Unicode;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Protocol.Native;

namespace Orleans.Chat.Fuzz.Tests.EndToEnd;

/// <summary>
/// Generated malformed frames over one real /ws connection: each gets its invalid_format answer (an ack
/// when the frame carried a usable id, else an error event), a frame over the size limit gets
/// payload_too_large and a close, and the connection stays usable: a valid request afterwards is acked.
/// </summary>
[Collection(FuzzGatewayCollection.Name)]
public sealed class MalformedNativeFrameTests(FuzzGatewayFixture gateway)
{
    private const int Frames = 300;

    /// <summary>Hostile frames the parser refuses; valid UTF-8 only, since the WebSocket layer itself closes on invalid text (1007).</summary>
    private static readonly Gen<byte[]> MalformedFrames = Gens.HostileBytes(Gens.NativeFrameText)
        .Where(bytes => Utf8.IsValid(bytes) && IsMalformed(bytes));

    [Fact]
    public async Task Every_malformed_frame_gets_invalid_format_and_the_connection_stays_usable()
    {
        await MalformedFrames.Array[Frames].SampleAsync(async frames =>
        {
            var maxFrame = new LimitsOptions().MaxFrameBytes;
            var client = await gateway.Server.ConnectAsync();
            try
            {
                for (var i = 0; i < frames.Length; i++)
                {
                    await client.SendRawAsync(frames[i]);
                    if (frames[i].Length > maxFrame)
                    {
                        var tooLarge = await client.WaitForEventAsync("error");
                        Assert.Equal("payload_too_large", tooLarge.GetProperty("code").GetString());
                        await client.Closed.WaitAsync(TestChatClient.DefaultTimeout);
                        await client.DisposeAsync();
                        client = await gateway.Server.ConnectAsync();
                        continue;
                    }

                    NativeClientFrame.TryParse(frames[i], out var id);
                    var answer = await client.WaitForFrameAsync(frame => TestChatClient.Type(frame) is "ack" or "error");
                    Assert.Equal(id is null ? "error" : "ack", TestChatClient.Type(answer));
                    Assert.Equal("invalid_format", answer.GetProperty("data").GetProperty("code").GetString());
                    if (id is { } requestId)
                    {
                        Assert.True(JsonElement.DeepEquals(requestId, answer.GetProperty("id")), $"id {requestId.GetRawText()} came back as {answer.GetProperty("id").GetRawText()}");
                    }

                    if (i % 50 == 49)
                    {
                        await AssertUsableAsync(client);
                    }
                }

                await AssertUsableAsync(client);
            }
            finally
            {
                await client.DisposeAsync();
            }
        }, iter: 1, threads: 1, print: frames => string.Join(" | ", frames.Select(Gens.Print)));
    }

    private static async Task AssertUsableAsync(TestChatClient client)
    {
        var ack = await client.RequestAsync("join-room", "fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.True(ack.GetProperty("success").GetBoolean(), ack.GetRawText());
    }

    private static bool IsMalformed(byte[] bytes)
    {
        using var frame = NativeClientFrame.TryParse(bytes, out _);
        return frame is null;
    }
}
