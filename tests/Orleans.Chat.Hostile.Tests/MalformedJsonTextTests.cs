using System.Net.WebSockets;
using System.Text.Json;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>
/// Frames of valid JSON syntax whose strings are no text: escaped lone surrogates in the type, the id, a
/// property name or a field. Each gets invalid_format and the connection stays open (they used to end the
/// session with "unavailable").
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class MalformedJsonTextTests(HostileGatewayFixture gateway)
{
    private static readonly string[] Frames =
    [
        """{"type":"\ud800","id":"1"}""",
        """{"type":"ping","id":"\udc00"}""",
        """{"ty\ud800pe":"ping","id":7}""",
        """{"type":"join-room","id":"2","data":{"roomId":"\ud83d"}}""",
        """{"type":"message","data":{"roomId":"r","content":"\udfff\ud800"}}""",
    ];

    [Fact]
    public async Task Lone_surrogate_escapes_get_invalid_format_and_the_connection_stays_open()
    {
        await using var probe = await ServiceProbe.StartAsync(gateway);
        await using var client = await gateway.ConnectAsync();

        foreach (var frame in Frames)
        {
            // An ack when the frame's id could be read, else an error event.
            await client.SendRawAsync(frame);
            var answer = await client.WaitForFrameAsync(f => TestChatClient.Type(f) is "ack" or "error");
            Assert.Equal("invalid_format", answer.GetProperty("data").GetProperty("code").GetString());
        }

        var ack = await client.RequestAsync("ping", null);
        Assert.True(ack.GetProperty("success").GetBoolean(), ack.GetRawText());
        Assert.Equal(WebSocketState.Open, client.State);
        await probe.AssertServedAsync();
    }
}
