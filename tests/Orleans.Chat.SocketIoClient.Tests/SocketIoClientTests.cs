using System.Text.Json;
using Orleans.Chat.SocketIoClient.Tests.Infrastructure;
using SocketIOClient.Transport;

namespace Orleans.Chat.SocketIoClient.Tests;

/// <summary>The chat over Socket.IO with the SocketIOClient NuGet package against a real gateway.</summary>
public sealed class SocketIoClientTests(SocketIoGatewayFixture fixture) : IClassFixture<SocketIoGatewayFixture>
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task Connects_with_the_auth_token_and_gets_the_connected_event(TransportProtocol transport)
    {
        var userId = NewId("alice");
        using var socket = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(userId), transport);

        var connected = (await socket.WaitForEventAsync("connected"))[0];
        Assert.True(socket.Client.Connected);
        Assert.False(string.IsNullOrEmpty(socket.Client.Id));
        Assert.Equal(userId, connected.GetProperty("userId").GetString());
        Assert.False(string.IsNullOrEmpty(connected.GetProperty("sessionId").GetString()));
        Assert.Equal(0, connected.GetProperty("rooms").GetArrayLength());
    }

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task Join_room_then_a_message_with_ack_reaches_the_other_connection_as_new_message(TransportProtocol transport)
    {
        var roomId = NewId("room");
        var aliceId = NewId("alice");
        var bobId = NewId("bob");
        using var alice = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(aliceId, "Alice"), transport);
        using var bob = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(bobId, "Bob"), transport);

        var aliceJoin = await alice.RequestAsync("join-room", roomId);
        Assert.True(aliceJoin.GetProperty("success").GetBoolean());
        Assert.Equal(roomId, aliceJoin.GetProperty("room").GetProperty("id").GetString());
        Assert.Equal(0, aliceJoin.GetProperty("lastSeq").GetInt64());
        var bobJoin = await bob.RequestAsync("join-room", new { roomId });
        Assert.True(bobJoin.GetProperty("success").GetBoolean());
        Assert.Equal(2, bobJoin.GetProperty("members").GetArrayLength());

        var ack = await alice.RequestAsync("message", new { roomId, content = "hello from SocketIOClient", clientMsgId = "c-1" });
        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        var messageId = ack.GetProperty("messageId").GetString();
        Assert.False(string.IsNullOrEmpty(messageId));

        foreach (var socket in new[] { bob, alice })
        {
            var arguments = await socket.WaitForEventAsync("new-message", m => m.GetProperty("id").GetString() == messageId);
            var message = arguments[0];
            Assert.Equal(roomId, message.GetProperty("roomId").GetString());
            Assert.Equal(1, message.GetProperty("seq").GetInt64());
            Assert.Equal(aliceId, message.GetProperty("userId").GetString());
            Assert.Equal("Alice", message.GetProperty("user").GetProperty("name").GetString());
            Assert.Equal("hello from SocketIOClient", message.GetProperty("content").GetString());
            Assert.Equal("text", message.GetProperty("type").GetString());
            Assert.Equal(ack.GetProperty("timestamp").GetInt64(), message.GetProperty("timestamp").GetInt64());
            // Connection state recovery is on: the message's offset follows as the last argument.
            Assert.Equal(2, arguments.Length);
            Assert.Equal($"1:{roomId}", arguments[1].GetString());
        }

        var reply = await bob.RequestAsync("message", new { roomId, content = "hi Alice" });
        Assert.Equal(2, reply.GetProperty("seq").GetInt64());
        await alice.WaitForEventAsync("new-message", m => m.GetProperty("seq").GetInt64() == 2 && m.GetProperty("userId").GetString() == bobId);
    }

    [Fact]
    public async Task Errors_come_back_in_the_ack()
    {
        using var alice = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(NewId("alice")));

        AssertError("not_in_room", "Not in room", await alice.RequestAsync("message", new { roomId = NewId("room"), content = "x" }));
        AssertError("invalid_format", "Invalid message format", await alice.RequestAsync("join-room", 42));
        AssertError("unknown_event", "Unknown event", await alice.RequestAsync("ping", new { }));
        Assert.True(alice.Client.Connected);
    }

    [Fact]
    public async Task A_failing_event_without_ack_is_answered_with_an_error_event()
    {
        using var alice = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(NewId("alice")));

        await alice.Client.EmitAsync("message", new { roomId = NewId("room"), content = "x" });

        AssertError("not_in_room", "Not in room", (await alice.WaitForEventAsync("error"))[0]);
    }

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task No_token_is_a_connection_error_Authentication_required(TransportProtocol transport)
    {
        using var socket = ChatSocket.Create(fixture.Server.BaseUri, auth: null, transport);

        var error = await ConnectExpectingErrorAsync(socket);

        Assert.Equal("Authentication required", error);
    }

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task A_bad_token_is_a_connection_error_Authentication_failed(TransportProtocol transport)
    {
        using var socket = ChatSocket.Create(fixture.Server.BaseUri, new { token = "not-a-jwt" }, transport);

        var error = await ConnectExpectingErrorAsync(socket);

        Assert.StartsWith("Authentication failed: ", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Connects expecting a refusal: SocketIOClient 3.x reports a CONNECT_ERROR through OnError (its
    /// message) and ends ConnectAsync without being connected.
    /// </summary>
    private static async Task<string> ConnectExpectingErrorAsync(ChatSocket socket)
    {
        await socket.Client.ConnectAsync().WaitAsync(ChatSocket.DefaultTimeout);
        var error = await socket.Error.WaitAsync(ChatSocket.DefaultTimeout);
        Assert.False(socket.Client.Connected);
        Assert.Empty(socket.Received("connected"));
        return error;
    }

    private static void AssertError(string code, string message, JsonElement payload)
    {
        Assert.Equal(code, payload.GetProperty("code").GetString());
        Assert.Equal(message, payload.GetProperty("error").GetString());
        Assert.False(payload.TryGetProperty("success", out _));
    }
}
