using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// A private message acked delivered: true to a user whose only connection had died unnoticed
/// (the gateway still held it) is not lost: the user gets it after reconnecting, in
/// pending-messages and in get-private-history. One test per way a connection dies.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DeadRecipientTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Native_socket_destroyed_without_a_close()
    {
        var recipientId = TestIds.User();
        await using var proxy = BlackholeProxy.Start(Server.BaseUri);
        var recipient = await TestChatClient.ConnectAsync(proxy.Through(Server.WebSocketUri(await Server.DevTokenAsync(recipientId))), recipientId);
        await recipient.WaitForEventAsync("connected");
        proxy.Blackhole();
        await recipient.DisposeAsync();

        var sent = await SendDeliveredAsync(recipientId);

        await using var again = await Server.ConnectAsync(recipientId);
        AssertListed(sent, recipientId, await again.WaitForEventAsync("pending-messages"), await again.RequestAsync("get-private-history", new { withUserId = sent.SenderId }));
    }

    [Fact]
    public async Task Socket_io_websocket_destroyed_without_a_close()
    {
        var recipientId = TestIds.User();
        await using var proxy = BlackholeProxy.Start(Server.BaseUri);
        var recipient = await RawSocketIoClient.ConnectWebSocketAsync(proxy.Through(Server.BaseUri), await Server.DevTokenAsync(recipientId));
        proxy.Blackhole();
        await recipient.DisposeAsync();

        var sent = await SendDeliveredAsync(recipientId);

        await using var again = await RawSocketIoClient.ConnectWebSocketAsync(Server.BaseUri, await Server.DevTokenAsync(recipientId));
        AssertListed(sent, recipientId, await again.WaitForEventAsync("pending-messages"), await again.RequestAsync("get-private-history", new { withUserId = sent.SenderId }));
    }

    [Fact]
    public async Task Socket_io_polling_session_that_never_polls_again()
    {
        var recipientId = TestIds.User();
        await using var recipient = await RawSocketIoClient.ConnectPollingAsync(Server.BaseUri, await Server.DevTokenAsync(recipientId));
        await recipient.StopPollingAsync();

        var sent = await SendDeliveredAsync(recipientId);

        await using var again = await RawSocketIoClient.ConnectPollingAsync(Server.BaseUri, await Server.DevTokenAsync(recipientId));
        AssertListed(sent, recipientId, await again.WaitForEventAsync("pending-messages"), await again.RequestAsync("get-private-history", new { withUserId = sent.SenderId }));
    }

    [Fact]
    public async Task Socket_io_poll_in_flight_when_the_network_died()
    {
        var recipientId = TestIds.User();
        await using var proxy = BlackholeProxy.Start(Server.BaseUri);
        await using var recipient = await RawSocketIoClient.ConnectPollingAsync(proxy.Through(Server.BaseUri), await Server.DevTokenAsync(recipientId));
        proxy.Blackhole();

        // The gateway answers the held poll with the message, into a connection nobody reads.
        var sent = await SendDeliveredAsync(recipientId);

        await using var again = await RawSocketIoClient.ConnectPollingAsync(Server.BaseUri, await Server.DevTokenAsync(recipientId));
        AssertListed(sent, recipientId, await again.WaitForEventAsync("pending-messages"), await again.RequestAsync("get-private-history", new { withUserId = sent.SenderId }));
    }

    /// <summary>Sends to the recipient, whose dead connection the gateway still holds: the ack says delivered.</summary>
    private async Task<(string SenderId, string MessageId)> SendDeliveredAsync(string recipientId)
    {
        await using var sender = await Server.ConnectAsync(name: "Sender");
        var ack = await sender.RequestAsync("private-message", new { targetUserId = recipientId, content = "are you there?", clientMsgId = TestIds.ClientMsg() });
        AssertPrivateMessageAck(ack, sender.UserId, recipientId, expectedSeq: 1, delivered: true);
        return (sender.UserId, ack.GetProperty("messageId").GetString()!);
    }

    private static void AssertListed((string SenderId, string MessageId) sent, string recipientId, JsonElement pending, JsonElement history)
    {
        var listed = Assert.Single(pending.EnumerateArray());
        AssertPrivateMessage(listed, sent.MessageId, ConversationId(sent.SenderId, recipientId), 1, sent.SenderId, "Sender", recipientId, "are you there?");
        Assert.Equal([sent.MessageId], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }
}
