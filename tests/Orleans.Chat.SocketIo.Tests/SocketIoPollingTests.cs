using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>Socket.IO over long-polling, and pre-encoded sends through whichever transport a session uses.</summary>
public sealed class SocketIoPollingTests(RelaxedSocketIoServerFixture server) : IClassFixture<RelaxedSocketIoServerFixture>
{
    [Fact]
    public async Task Connect_event_and_ack_work_over_polling()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        await client.PostOkAsync(sid, """40{"token":"t"}""");
        var connected = await client.PollTextAsync(sid);
        await client.PostOkAsync(sid, "42[\"message\",\"hi\"]\u001e427[\"message-with-ack\",{\"a\":1}]");
        var answers = await PollUntilAsync(client, sid, 2);

        var packets = connected.Split('\u001e');
        Assert.StartsWith("40{\"sid\":", packets[0], StringComparison.Ordinal);
        Assert.Equal("""42["auth",{"token":"t"}]""", packets.Length > 1 ? packets[1] : (await client.PollTextAsync(sid)));
        Assert.Equal(["""42["message-back","hi"]""", """437[{"a":1}]"""], answers);
    }

    [Fact]
    public async Task Binary_events_over_polling_use_base64_attachments()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await client.PostOkAsync(sid, "40");
        await PollUntilAsync(client, sid, 2);

        await client.PostOkAsync(sid, "451-[\"message\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");

        Assert.Equal(["""451-["message-back",{"_placeholder":true,"num":0}]""", "bAQID"], await PollUntilAsync(client, sid, 2));
    }

    [Fact]
    public async Task Pre_encoded_packets_are_buffered_and_joined_for_the_next_poll()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await client.PostOkAsync(sid, "40");
        var connect = (await PollUntilAsync(client, sid, 2))[0];
        var socket = FindSocket(connect);

        var packet = SocketIoPacketEncoder.EncodeEvent("/", "news", new Headline("a"), TestJsonContext.Default.Headline);
        await socket.SendEncodedAsync(packet);
        await socket.SendEncodedAsync(packet);

        Assert.Equal("42[\"news\",{\"title\":\"a\"}]\u001e42[\"news\",{\"title\":\"a\"}]", await client.PollTextAsync(sid));
    }

    [Fact]
    public async Task Pre_encoded_packets_go_out_as_WebSocket_text_frames()
    {
        using var client = server.CreateClient();
        var (ws, socketId) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _ws = ws;
        var socket = server.App.Services.GetRequiredService<SocketIoServer>().GetNamespace("/")!.Sockets.Single(s => s.Id == socketId);

        await socket.SendEncodedAsync(SocketIoPacketEncoder.EncodeEvent("/", "news", new Headline("b"), TestJsonContext.Default.Headline));
        await socket.EmitAsync("file", new byte[] { 9, 8 }, "caption");

        Assert.Equal("""42["news",{"title":"b"}]""", await ws.ReceiveTextSkippingPingsAsync());
        Assert.Equal("""451-["file",{"_placeholder":true,"num":0},"caption"]""", await ws.ReceiveTextSkippingPingsAsync());
        Assert.Equal([9, 8], (await ws.ReceiveSkippingPingsAsync()).Data);
    }

    [Fact]
    public async Task Packets_queued_in_a_burst_arrive_over_WebSocket_each_once_and_in_order()
    {
        using var client = server.CreateClient();
        var (ws, socketId) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _ws = ws;
        var socket = server.App.Services.GetRequiredService<SocketIoServer>().GetNamespace("/")!.Sockets.Single(s => s.Id == socketId);

        // Far more than one batched write holds, with attachments that must follow their packet.
        for (var i = 0; i < 600; i++)
        {
            Assert.True(socket.TrySendEncoded(SocketIoPacketEncoder.EncodeEvent("/", "news", new Headline(new string('x', i)), TestJsonContext.Default.Headline)));
            if (i % 100 == 0)
            {
                await socket.EmitAsync("file", new byte[] { (byte)(i / 100) });
            }
        }

        for (var i = 0; i < 600; i++)
        {
            Assert.Equal($$"""42["news",{"title":"{{new string('x', i)}}"}]""", await ws.ReceiveTextSkippingPingsAsync());
            if (i % 100 == 0)
            {
                Assert.Equal("""451-["file",{"_placeholder":true,"num":0}]""", await ws.ReceiveTextSkippingPingsAsync());
                Assert.Equal([(byte)(i / 100)], (await ws.ReceiveSkippingPingsAsync()).Data);
            }
        }
    }

    [Fact]
    public async Task A_server_side_disconnect_sends_DISCONNECT_and_tells_the_handler()
    {
        using var client = server.CreateClient();
        var (ws, socketId) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _ws = ws;
        var socket = server.App.Services.GetRequiredService<SocketIoServer>().GetNamespace("/")!.Sockets.Single(s => s.Id == socketId);

        await socket.DisconnectAsync();

        Assert.Equal("41", await ws.ReceiveTextSkippingPingsAsync());
        await socket.EmitAsync("ignored");
        await ws.SendTextAsync("""42["message",1]""");
        Assert.True(await ws.WaitForCloseAsync());
        Assert.False(socket.Connected);
        Assert.True(socket.Disconnected.IsCancellationRequested);
    }

    private SocketIoSocket FindSocket(string connectPacket)
    {
        using var json = JsonDocument.Parse(connectPacket[2..]);
        var id = json.RootElement.GetProperty("sid").GetString()!;
        return server.App.Services.GetRequiredService<SocketIoServer>().GetNamespace("/")!.Sockets.Single(s => s.Id == id);
    }

    /// <summary>Polls until <paramref name="count"/> packets arrived, answering pings.</summary>
    private static async Task<List<string>> PollUntilAsync(EngineIoTestClient client, string sid, int count)
    {
        var packets = new List<string>();
        while (packets.Count < count)
        {
            foreach (var packet in (await client.PollTextAsync(sid)).Split('\u001e'))
            {
                if (packet == "2")
                {
                    await client.PostOkAsync(sid, "3");
                }
                else
                {
                    packets.Add(packet);
                }
            }
        }

        return packets;
    }
}
