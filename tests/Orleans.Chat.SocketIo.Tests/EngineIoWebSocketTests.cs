using System.Net.WebSockets;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class EngineIoWebSocketTests(RelaxedEngineIoServerFixture server) : IClassFixture<RelaxedEngineIoServerFixture>
{
    [Fact]
    public async Task A_text_packet_is_echoed_as_text()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4hello");

        Assert.Equal("4hello", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task A_binary_packet_is_echoed_as_binary()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendBinaryAsync([1, 2, 3, 4]);

        var echo = await socket.ReceiveSkippingPingsAsync();
        Assert.Equal(WebSocketMessageType.Binary, echo.Type);
        Assert.Equal([1, 2, 3, 4], echo.Data);
    }

    [Fact]
    public async Task An_invalid_packet_closes_the_connection()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("abc");

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_close_packet_closes_the_connection()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("1");

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_message_larger_than_maxPayload_closes_the_connection()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4" + new string('x', 1_000_001));

        Assert.True(await socket.WaitForCloseAsync());
    }
}
