using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Api;

/// <summary>The user endpoints of the server API: events, private messages and disconnects reaching every live connection.</summary>
[Collection(GatewayCollection.Name)]
public sealed class UserApiTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task A_user_event_reaches_every_connection_of_the_user_on_both_protocols()
    {
        var userId = TestIds.User();
        await using var native = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native, userId);
        await using var socketIo = await ProtocolClient.ConnectAsync(Server, WireProtocol.SocketIo, userId);
        await using var other = await Server.ConnectAsync();

        var response = await Server.ApiPostAsync($"/api/users/{userId}/events", """{"event":"order-shipped","data":{"orderId":42,"items":["book"]}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Body.GetProperty("success").GetBoolean());
        Assert.True(response.Body.GetProperty("online").GetBoolean());
        foreach (var connection in new[] { native, socketIo })
        {
            var data = await connection.WaitForEventAsync("order-shipped");
            Assert.Equal(42, data.GetProperty("orderId").GetInt32());
            Assert.Equal("book", data.GetProperty("items")[0].GetString());
        }

        await other.AssertNoEventAsync("order-shipped", Quiet);
        Assert.Single(native.Received("order-shipped"));
    }

    [Fact]
    public async Task A_user_event_to_an_offline_user_answers_online_false_and_bad_input_is_refused()
    {
        var (status, body) = await Server.ApiPostAsync($"/api/users/{TestIds.User()}/events", """{"event":"nudge"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("online").GetBoolean());

        await using var user = await Server.ConnectAsync();
        var path = $"/api/users/{user.UserId}/events";
        (await Server.ApiPostAsync(path, """{"event":"UPPER"}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, """{"event":["x"]}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, """[1,2]""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, JsonSerializer.Serialize(new { @event = "big", data = new string('x', 4100) }))).AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        (await Server.ApiPostAsync($"/api/users/{new string('u', 600)}/events", """{"event":"x"}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        await user.RequestOkAsync("ping", null);
        Assert.Empty(user.Received("big"));
        Assert.Empty(user.Received("UPPER"));
    }

    [Fact]
    public async Task A_service_private_message_arrives_like_a_users_and_acks_like_one()
    {
        await using var bob = await Server.ConnectAsync();
        await using var bobAgain = await Server.ConnectAsync(bob.UserId);
        var clientMsgId = TestIds.ClientMsg();
        var body = JsonSerializer.Serialize(new { fromUserName = "Billing", content = "Your invoice is ready", type = "system", clientMsgId });

        var (status, ack) = await Server.ApiPostAsync($"/api/users/{bob.UserId}/messages", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.True(ack.GetProperty("delivered").GetBoolean());
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        foreach (var connection in new[] { bob, bobAgain })
        {
            var message = await connection.WaitForEventAsync("private-message");
            Assert.Equal(ack.GetProperty("messageId").GetString(), message.GetProperty("id").GetString());
            Assert.Equal("system", message.GetProperty("fromUserId").GetString());
            Assert.Equal("Billing", message.GetProperty("fromUser").GetProperty("name").GetString());
            Assert.Equal("Your invoice is ready", message.GetProperty("content").GetString());
        }

        // Retried with the same clientMsgId: the same message, not a second one.
        var (_, repeat) = await Server.ApiPostAsync($"/api/users/{bob.UserId}/messages", body);
        Assert.Equal(ack.GetProperty("messageId").GetString(), repeat.GetProperty("messageId").GetString());

        var fromBot = await Server.ApiPostAsync($"/api/users/{bob.UserId}/messages", """{"fromUserId":"bot-1","content":"hi"}""");
        Assert.Equal(HttpStatusCode.OK, fromBot.Status);
        await bob.WaitForEventAsync("private-message", d => d.GetProperty("content").GetString() == "hi");
    }

    [Fact]
    public async Task A_service_private_message_applies_the_client_limits()
    {
        await using var bob = await Server.ConnectAsync();
        var path = $"/api/users/{bob.UserId}/messages";

        (await Server.ApiPostAsync(path, JsonSerializer.Serialize(new { content = new string('c', 4001) }))).AssertError(HttpStatusCode.BadRequest, "content_too_long");
        (await Server.ApiPostAsync(path, """{"content":"   "}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, """{"content":5}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, """{"content":"x","fromUserId":"a\u0000b"}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, JsonSerializer.Serialize(new { content = "x", fromUserId = bob.UserId }))).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, JsonSerializer.Serialize(new { content = "x", type = new string('t', 100) }))).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync(path, JsonSerializer.Serialize(new { content = "x", clientMsgId = new string('m', 500) }))).AssertError(HttpStatusCode.BadRequest, "invalid_format");

        await bob.RequestOkAsync("ping", null);
        Assert.Empty(bob.Received("private-message"));
    }

    [Fact]
    public async Task Disconnect_closes_every_connection_of_the_user_on_both_protocols()
    {
        var userId = TestIds.User();
        var native = await Server.ConnectAsync(userId);
        await using var socketIo = await ProtocolClient.ConnectAsync(Server, WireProtocol.SocketIo, userId);
        await using var bystander = await Server.ConnectAsync();

        var (status, body) = await Server.ApiPostAsync($"/api/users/{userId}/disconnect", """{"reason":"account suspended"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(2, body.GetProperty("connections").GetInt32());
        await native.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal((WebSocketCloseStatus)4002, native.CloseStatus);
        Assert.Equal("account suspended", native.CloseStatusDescription);
        await socketIo.WaitClosedAsync();
        await native.DisposeAsync();

        // Others stay; the user may come back, and is then offline-then-online as usual.
        await bystander.RequestOkAsync("ping", null);
        await Eventually.TrueAsync(async () => (await Server.ApiPostAsync($"/api/users/{userId}/events", """{"event":"x"}""")).Body.GetProperty("online").GetBoolean() == false,
            what: "the user to be offline");
        await using var back = await Server.ConnectAsync(userId);
        await back.RequestOkAsync("ping", null);
    }

    [Fact]
    public async Task Disconnect_without_a_body_uses_the_default_reason_and_bad_reasons_are_refused()
    {
        var user = await Server.ConnectAsync();

        (await Server.ApiPostAsync($"/api/users/{user.UserId}/disconnect", JsonSerializer.Serialize(new { reason = new string('r', 101) }))).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync($"/api/users/{user.UserId}/disconnect", """{"reason":"line\nbreak"}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        (await Server.ApiPostAsync($"/api/users/{user.UserId}/disconnect", """{"reason":1}""")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        await user.RequestOkAsync("ping", null);

        var (status, _) = await Server.ApiAsync(HttpMethod.Post, $"/api/users/{user.UserId}/disconnect");

        Assert.Equal(HttpStatusCode.OK, status);
        await user.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal((WebSocketCloseStatus)4002, user.CloseStatus);
        Assert.Equal("disconnected_by_server", user.CloseStatusDescription);
        await user.DisposeAsync();
    }
}
