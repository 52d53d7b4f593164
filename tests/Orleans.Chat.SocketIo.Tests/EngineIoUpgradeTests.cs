using System.Net;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>The upgrade with relaxed heartbeats; the official suite checks it at 300/200 ms.</summary>
public sealed class EngineIoUpgradeTests(RelaxedEngineIoServerFixture server) : IClassFixture<RelaxedEngineIoServerFixture>
{
    [Fact]
    public async Task Probe_noop_and_upgrade_move_the_session_to_WebSocket()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        var pendingPoll = client.PollAsync(sid);
        await using var socket = await client.ConnectWebSocketAsync(sid);

        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        using (var poll = await pendingPoll)
        {
            Assert.Equal("6", await poll.Content.ReadAsStringAsync());
        }

        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4hello");

        Assert.Equal("4hello", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task A_poll_after_the_probe_gets_a_noop_at_once()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);

        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        Assert.Equal("6", await client.PollTextAsync(sid));
    }

    [Fact]
    public async Task Messages_queued_during_the_upgrade_arrive_over_WebSocket()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        await client.PostOkAsync(sid, "4queued");
        await socket.SendTextAsync("5");

        Assert.Equal("4queued", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task Polling_requests_are_refused_after_the_upgrade()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4sync");
        Assert.Equal("4sync", await socket.ReceiveTextSkippingPingsAsync());

        using var poll = await client.PollAsync(sid);

        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_second_WebSocket_for_the_session_is_closed()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");

        await using var second = await client.ConnectWebSocketAsync(sid);

        Assert.True(await second.WaitForCloseAsync());
        await socket.SendTextAsync("4hello");
        Assert.Equal("4hello", await socket.ReceiveTextSkippingPingsAsync());
    }
}
