using System.Diagnostics;
using System.Net;
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
}
