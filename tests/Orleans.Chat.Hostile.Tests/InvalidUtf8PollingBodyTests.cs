using System.Net;
using System.Text;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Polling bodies and frames that are not UTF-8, or JSON escapes that are not text.</summary>
[Collection(HostileCollection.Name)]
public sealed class InvalidUtf8PollingBodyTests(HostileGatewayFixture gateway)
{
    [Fact]
    public async Task Invalid_utf8_in_polling_bodies_is_a_bad_request_with_no_error_logged()
    {
        var errors = ErrorLogCapture.AttachTo(gateway.Server);
        await using var probe = await ServiceProbe.StartAsync(gateway);
        for (var i = 0; i < 20; i++)
        {
            var session = await EngineIoPollingClient.OpenAsync(gateway.Server.Http);
            Assert.StartsWith("40", await session.ConnectAsync(HostileGatewayFixture.Token(TestIds.User())), StringComparison.Ordinal);
            var body = Encoding.UTF8.GetBytes("""42["message",{"roomId":"r","content":"X"}]""");
            body[body.AsSpan().IndexOf((byte)'X')] = (byte)(0x80 + i);
            using var response = await PostAsync(session, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("""{"code":3,"message":"Bad request"}""", await response.Content.ReadAsStringAsync());
        }

        await probe.AssertServedAsync();
        Assert.Empty(errors.Errors);
    }

    [Fact]
    public async Task Lone_surrogate_escapes_in_events_are_invalid_format_with_no_error_logged()
    {
        var errors = ErrorLogCapture.AttachTo(gateway.Server);
        await using var probe = await ServiceProbe.StartAsync(gateway);
        await using var mallory = await gateway.ConnectAsync();
        var room = TestIds.Room();
        await mallory.RequestOkAsync("join-room", room);

        await mallory.SendRawAsync($$"""{"type":"message","id":"a","data":{"roomId":"{{room}}","content":"\ud800"}""" + "}");
        var ack = await mallory.WaitForFrameAsync(frame => TestChatClient.IsAckFor(frame, "a"));
        Assert.Equal("invalid_format", ack.GetProperty("data").GetProperty("code").GetString());

        // Over Socket.IO such a packet is malformed, as any packet that does not parse: that session is
        // closed (the reference server closes on a parse error too); nothing is logged as an error.
        var session = await EngineIoPollingClient.OpenAsync(gateway.Server.Http);
        Assert.StartsWith("40", await session.ConnectAsync(HostileGatewayFixture.Token(TestIds.User())), StringComparison.Ordinal);
        await session.PostAsync(Encoding.UTF8.GetBytes("""42["\ud800",{}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, await session.PostAsync(Encoding.UTF8.GetBytes("""42["message",{}]""")));

        await probe.AssertServedAsync();
        Assert.Empty(errors.Errors);
    }

    private static Task<HttpResponseMessage> PostAsync(EngineIoPollingClient session, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        return session.Http.PostAsync(session.Path, content);
    }
}
