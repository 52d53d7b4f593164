using System.Text.Json;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class SocketIoConnectTests(RelaxedSocketIoServerFixture server) : IClassFixture<RelaxedSocketIoServerFixture>
{
    [Theory]
    [InlineData("40", "40", """42["auth",{}]""")]
    [InlineData("""40{"token":"123"}""", "40", """42["auth",{"token":"123"}]""")]
    [InlineData("40/custom,", "40/custom,", """42/custom,["auth",{}]""")]
    [InlineData("40/custom", "40/custom,", """42/custom,["auth",{}]""")]
    [InlineData("""40/custom,{"token":"abc"}""", "40/custom,", """42/custom,["auth",{"token":"abc"}]""")]
    public async Task Connect_replies_with_a_sid_then_the_app_emits_auth(string connect, string replyPrefix, string auth)
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync(connect);

        var reply = await socket.ReceiveTextSkippingPingsAsync();
        Assert.StartsWith(replyPrefix, reply, StringComparison.Ordinal);
        using var handshake = JsonDocument.Parse(reply[replyPrefix.Length..]);
        Assert.Equal(["sid"], handshake.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, handshake.RootElement.GetProperty("sid").ValueKind);
        Assert.Equal(auth, await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task An_unknown_namespace_gets_CONNECT_ERROR()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("40/random");

        Assert.Equal("""44/random,{"message":"Invalid namespace"}""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task An_invalid_handshake_closes_the_connection()
    {
        using var client = server.CreateClient();
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4abc");

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_second_connect_to_a_joined_namespace_closes_the_connection()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("40");

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task Disconnecting_from_the_main_namespace_keeps_the_connection()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("41");
        await socket.SendTextAsync("40");

        Assert.StartsWith("40{", await socket.ReceiveTextSkippingPingsAsync(), StringComparison.Ordinal);
        Assert.Equal("""42["auth",{}]""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task A_custom_namespace_can_be_joined_and_left_beside_the_main_one()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("40/custom");
        Assert.StartsWith("40/custom,", await socket.ReceiveTextSkippingPingsAsync(), StringComparison.Ordinal);
        Assert.Equal("""42/custom,["auth",{}]""", await socket.ReceiveTextSkippingPingsAsync());
        await socket.SendTextAsync("41/custom");
        await socket.SendTextAsync("""42["message","message to main namespace"]""");

        Assert.Equal("""42["message-back","message to main namespace"]""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task An_event_for_a_namespace_not_joined_closes_the_connection()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""42/custom,["message",1]""");

        Assert.True(await socket.WaitForCloseAsync());
    }
}
