using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.Fuzz.Tests.EndToEnd;

/// <summary>
/// Generated malformed Engine.IO polling POST bodies against a real gateway: each session's POST gets 400
/// (413 when it is larger than the payload limit), and the gateway keeps serving: a fresh Socket.IO session connects and a native client is acked.
/// </summary>
[Collection(FuzzGatewayCollection.Name)]
public sealed class MalformedPollingPayloadTests(FuzzGatewayFixture gateway)
{
    private const int Bodies = 200;

    private static readonly Gen<byte[]> MalformedBodies = Gen.Frequency(
            (4, Gens.HostileBytes(Gens.JsonText)),
            (1, Gens.Mutated(Gen.Const("4[\"message\",\"hi\"]\u001e2\u001e6"u8.ToArray()))))
        .Where(body => !EngineIoPacketParser.TryParsePayload(body, []));

    [Fact]
    public async Task Every_malformed_polling_body_gets_400_and_the_gateway_keeps_serving()
    {
        var http = gateway.Server.Http;
        var maxPayload = gateway.Server.Services.GetRequiredService<IOptions<SocketIoOptions>>().Value.MaxPayload;
        await MalformedBodies.Array[Bodies].SampleAsync(async bodies =>
        {
            foreach (var body in bodies)
            {
                var sid = await HandshakeAsync(http);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
                using var response = await http.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}", content);
                Assert.Equal(body.Length > maxPayload ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest, response.StatusCode);
            }
        }, iter: 1, threads: 1, print: bodies => string.Join(" | ", bodies.Select(Gens.Print)));

        await AssertSocketIoServesAsync(http);
        await using var client = await gateway.Server.ConnectAsync();
        var ack = await client.RequestAsync("join-room", "fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.True(ack.GetProperty("success").GetBoolean(), ack.GetRawText());
    }

    /// <summary>A new session that sends the Socket.IO CONNECT with a valid token gets its CONNECT reply.</summary>
    private async Task AssertSocketIoServesAsync(HttpClient http)
    {
        var sid = await HandshakeAsync(http);
        var token = await gateway.Server.DevTokenAsync("fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        using var connect = new StringContent("40" + JsonSerializer.Serialize(new { token }));
        using var posted = await http.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}", connect);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var reply = await http.GetStringAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}");
        Assert.StartsWith("40{\"sid\":", reply, StringComparison.Ordinal);
    }

    private static async Task<string> HandshakeAsync(HttpClient http)
    {
        var open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        Assert.StartsWith("0", open, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(open[1..]);
        return document.RootElement.GetProperty("sid").GetString()!;
    }
}
