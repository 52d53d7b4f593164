using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>The connect timeout at the reference setting of 1 s.</summary>
public sealed class SocketIoConnectTimeoutTests(SocketIoServerFixture server) : IClassFixture<SocketIoServerFixture>
{
    [Fact]
    public async Task A_connection_that_joins_no_namespace_is_closed_after_the_connect_timeout()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();
        var started = DateTime.UtcNow;

        try
        {
            while (true)
            {
                await socket.ReceiveTextSkippingPingsAsync(TimeSpan.FromSeconds(3));
            }
        }
        catch (InvalidOperationException)
        {
        }

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_polling_connection_that_joins_no_namespace_gets_a_close_packet()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        var received = new List<string>();

        while (!received.Contains("1"))
        {
            foreach (var packet in (await client.PollTextAsync(sid)).Split('\u001e'))
            {
                received.Add(packet);
                if (packet == "2")
                {
                    await client.PostOkAsync(sid, "3");
                }
            }
        }

        using var after = await client.PollAsync(sid);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, after.StatusCode);
    }
}
