using System.Net;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class EngineIoHeartbeatTests(HeartbeatEngineIoServerFixture server) : IClassFixture<HeartbeatEngineIoServerFixture>
{
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

    // Answering at once, and after two thirds of the 600 ms pingTimeout: the deadline runs from the ping, and a pong resets it.
    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    public async Task WebSocket_receives_pings_and_stays_open_while_it_answers(int answerAfterMs)
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await Task.Delay(answerAfterMs);
            await socket.SendTextAsync("3");
        }

        await socket.SendTextAsync("4still open");
        Assert.Equal("4still open", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task WebSocket_closes_when_no_pong_arrives()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();

        Assert.True(await socket.WaitForCloseAsync(TimeSpan.FromSeconds(3)));
    }
}
