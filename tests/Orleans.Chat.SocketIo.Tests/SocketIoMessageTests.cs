using System.Net.WebSockets;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class SocketIoMessageTests(RelaxedSocketIoServerFixture server) : IClassFixture<RelaxedSocketIoServerFixture>
{
    [Fact]
    public async Task A_plain_event_is_answered_with_the_same_arguments()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""42["message",1,"2",{"3":[true]}]""");

        Assert.Equal("""42["message-back",1,"2",{"3":[true]}]""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task Non_ascii_text_stays_unescaped()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""42["message","héllo <b> & 日本 😀"]""");

        Assert.Equal("""42["message-back","héllo <b> & 日本 😀"]""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task A_binary_event_is_answered_with_its_attachments()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""");
        await socket.SendBinaryAsync([1, 2, 3]);
        await socket.SendBinaryAsync([4, 5, 6]);

        Assert.Equal("""452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", await socket.ReceiveTextSkippingPingsAsync());
        await AssertBinaryAsync(socket, [1, 2, 3]);
        await AssertBinaryAsync(socket, [4, 5, 6]);
    }

    [Fact]
    public async Task An_event_with_an_ack_id_is_acknowledged()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""42456["message-with-ack",1,"2",{"3":[false]}]""");

        Assert.Equal("""43456[1,"2",{"3":[false]}]""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task A_binary_event_with_an_ack_id_gets_a_binary_ack()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""452-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""");
        await socket.SendBinaryAsync([1, 2, 3]);
        await socket.SendBinaryAsync([4, 5, 6]);

        Assert.Equal("""462-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", await socket.ReceiveTextSkippingPingsAsync());
        await AssertBinaryAsync(socket, [1, 2, 3]);
        await AssertBinaryAsync(socket, [4, 5, 6]);
    }

    [Theory]
    [InlineData("4abc")]
    [InlineData("42{}")]
    [InlineData("""42abc["message-with-ack",1,"2",{"3":[false]}]""")]
    [InlineData("""42[1,2]""")]
    [InlineData("""42["disconnect"]""")]
    [InlineData("""42[]""")]
    [InlineData("42")]
    [InlineData("""42["message",""")]
    [InlineData("""41{"a":1}""")]
    [InlineData("""44{"message":"nope"}""")]
    [InlineData("""45-["message"]""")]
    [InlineData("""452["message"]""")]
    public async Task An_invalid_packet_closes_the_connection(string packet)
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync(packet);

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task Text_where_an_attachment_is_expected_closes_the_connection()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""451-["message",{"_placeholder":true,"num":0}]""");
        await socket.SendTextAsync("""42["message",1]""");

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_placeholder_without_its_attachment_closes_the_connection()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendTextAsync("""451-["message",{"_placeholder":true,"num":3}]""");
        await socket.SendBinaryAsync([1]);

        Assert.True(await socket.WaitForCloseAsync());
    }

    [Fact]
    public async Task An_unexpected_attachment_closes_the_connection()
    {
        using var client = server.CreateClient();
        var (socket, _) = await SocketIoTestConnection.ConnectMainAsync(client);
        await using var _socket = socket;

        await socket.SendBinaryAsync([1, 2, 3]);

        Assert.True(await socket.WaitForCloseAsync());
    }

    private static async Task AssertBinaryAsync(WebSocketTestClient socket, byte[] expected)
    {
        var received = await socket.ReceiveSkippingPingsAsync();
        Assert.Equal(WebSocketMessageType.Binary, received.Type);
        Assert.Equal(expected, received.Data);
    }
}
