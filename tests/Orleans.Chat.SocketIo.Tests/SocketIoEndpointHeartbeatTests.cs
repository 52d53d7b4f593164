using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>The heartbeat cases of the socket.io-protocol suite: pings every 300 ms at /socket.io/, before any namespace CONNECT.</summary>
public sealed class SocketIoEndpointHeartbeatTests(HeartbeatSocketIoServerFixture server) : IClassFixture<HeartbeatSocketIoServerFixture>
{
    [Fact]
    public async Task The_open_packet_carries_the_configured_heartbeat()
    {
        using var client = server.CreateClient();
        var content = await client.Http.GetStringAsync(client.Url("EIO=4&transport=polling"));

        using var open = JsonDocument.Parse(content[1..]);
        Assert.Equal(300, open.RootElement.GetProperty("pingInterval").GetInt32());
        Assert.Equal(600, open.RootElement.GetProperty("pingTimeout").GetInt32());
    }

    [Fact]
    public async Task Polling_receives_pings_and_stays_open_while_it_answers()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await client.PollTextAsync(sid));
            await client.PostOkAsync(sid, "3");
        }
    }

    [Fact]
    public async Task Polling_session_closes_when_no_pong_arrives()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        // pingInterval + pingTimeout, plus a margin for timer resolution.
        await Task.Delay(300 + 600 + 50);
        using var poll = await client.PollAsync(sid);

        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
    }

    [Fact]
    public async Task WebSocket_receives_pings_and_stays_open_while_it_answers()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await socket.SendTextAsync("3");
        }

        await socket.SendTextAsync("40");
        Assert.StartsWith("40{", await socket.ReceiveTextSkippingPingsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocket_closes_when_no_pong_arrives()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        var started = Stopwatch.StartNew();

        Assert.True(await socket.WaitForCloseAsync(TimeSpan.FromSeconds(3)));
        // Well before the 10 s connect timeout: only the missing pong can have closed it.
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_WebSocket_client_that_never_answers_the_close_frame_is_cut_off()
    {
        // A raw client: it completes the upgrade, then only reads. It never answers a ping, nor the close frame
        // that follows the ping timeout, so only the server's abort can end the connection.
        using var client = server.CreateClient();
        var address = client.Http.BaseAddress!;
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(address.Host, address.Port);
        var upgrade = $"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {address.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await tcp.SendAsync(Encoding.ASCII.GetBytes(upgrade));
        var started = Stopwatch.StartNew();

        var received = new List<byte>();
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            int read;
            while ((read = await tcp.ReceiveAsync(buffer, limit.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (SocketException reset) when (reset.SocketErrorCode == SocketError.ConnectionReset)
        {
            // An abort may end it with a reset rather than a FIN.
        }

        var text = Encoding.Latin1.GetString([.. received]);
        Assert.StartsWith("HTTP/1.1 101", text, StringComparison.Ordinal);
        // The server's close frame (FIN + opcode 8) went out before it gave up on the answer.
        var frames = received.Skip(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4).ToArray();
        Assert.Contains((byte)0x88, frames);
        // Ping timeout (0.9 s) and the 2 s grace for the close answer, with room for a loaded machine.
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(12));
    }
}
