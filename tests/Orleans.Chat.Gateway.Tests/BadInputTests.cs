using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// Bad frames and payloads: each is answered with the contract's error, changes nothing, and
/// leaves the connection working (checked with a successful request after it).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BadInputTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("\"message\"")]
    [InlineData("42")]
    [InlineData("""{"data":{"roomId":"r"}}""")]
    [InlineData("""{"type":5,"data":{}}""")]
    [InlineData("""{"type":null}""")]
    [InlineData("""{"type":""}""")]
    [InlineData("""{"type":{"name":"ping"}}""")]
    public async Task Unusable_frame_without_an_id_is_answered_with_an_invalid_format_error_event(string frame)
    {
        await using var client = await Server.ConnectAsync();

        await client.SendRawAsync(frame);

        var error = await client.WaitForEventAsync("error");
        Assert.Equal("invalid_format", error.GetProperty("code").GetString());
        Assert.Equal("Invalid message format", error.GetProperty("error").GetString());
        await AssertStillWorksAsync(client);
    }

    [Theory]
    [InlineData("""{"id":"bad1","data":{}}""")]
    [InlineData("""{"type":7,"id":"bad1"}""")]
    public async Task Unusable_frame_with_an_id_is_answered_with_an_invalid_format_ack(string frame)
    {
        await using var client = await Server.ConnectAsync();

        await client.SendRawAsync(frame);

        var ack = await client.WaitForFrameAsync(f => TestChatClient.IsAckFor(f, "bad1"));
        AssertError(ack.GetProperty("data"), "invalid_format", "Invalid message format");
        await AssertStillWorksAsync(client);
        Assert.Empty(client.Received("error"));
    }

    [Theory]
    [InlineData("""{"roomId":"ROOM","content":5}""")]
    [InlineData("""{"roomId":"ROOM","content":["a"]}""")]
    [InlineData("""{"roomId":"ROOM","content":null}""")]
    [InlineData("""{"roomId":"ROOM"}""")]
    [InlineData("""{"roomId":{"id":"ROOM"},"content":"hi"}""")]
    [InlineData("""{"roomId":17,"content":"hi"}""")]
    [InlineData("""{"content":"hi"}""")]
    [InlineData("""{"roomId":"ROOM","content":""}""")]
    [InlineData("""{"roomId":"ROOM","content":"   \n\t "}""")]
    [InlineData("""{"roomId":"ROOM","content":"hi","clientMsgId":5}""")]
    [InlineData("""{"roomId":"ROOM","content":"hi","type":false}""")]
    [InlineData("\"ROOM\"")]
    [InlineData("null")]
    public async Task Message_with_missing_wrongly_typed_or_empty_fields_is_invalid_format_and_not_stored(string payload)
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        await alice.SendRawAsync($$"""{"type":"message","id":"m1","data":{{payload.Replace("ROOM", room, StringComparison.Ordinal)}}}""");

        var ack = await alice.WaitForFrameAsync(f => TestChatClient.IsAckFor(f, "m1"));
        AssertError(ack.GetProperty("data"), "invalid_format", "Invalid message format");
        var next = await alice.RequestAsync("message", new { roomId = room, content = "valid" });
        Assert.Equal(1, next.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Wrong_field_types_in_other_events_are_invalid_format()
    {
        await using var alice = await Server.ConnectAsync();

        AssertError(await alice.RequestAsync("join-room", new { roomId = new { nested = true } }), "invalid_format");
        AssertError(await alice.RequestAsync("join-room", 12), "invalid_format");
        AssertError(await alice.RequestAsync("join-room", ""), "invalid_format");
        AssertError(await alice.RequestAsync("join-room", new string('r', 129)), "invalid_format");
        AssertError(await alice.RequestAsync("join-room", null), "invalid_format");
        AssertError(await alice.RequestAsync("leave-room", new { roomId = 3 }), "invalid_format");
        AssertError(await alice.RequestAsync("typing", new { roomId = false }), "invalid_format");
        AssertError(await alice.RequestAsync("stop-typing", new { }), "invalid_format");
        AssertError(await alice.RequestAsync("invite", new { roomId = TestIds.Room(), userId = 5 }), "invalid_format");
        AssertError(await alice.RequestAsync("get-history", new { roomId = new[] { "a" } }), "invalid_format");
        await AssertStillWorksAsync(alice);
    }

    [Theory]
    [InlineData("join-room", """{"roomId":"ROOM","sinceSeq":"3"}""")]
    [InlineData("join-room", """{"roomId":"ROOM","sinceSeq":1.5}""")]
    [InlineData("join-room", """{"roomId":"ROOM","sinceSeq":-1}""")]
    [InlineData("join-room", """{"RoomId":"ROOM"}""")]
    [InlineData("create-room", """{"roomId":"ROOM","members":["a",null]}""")]
    [InlineData("create-room", """{"roomId":"ROOM","name":7}""")]
    [InlineData("get-history", """{"roomId":"ROOM","limit":"10"}""")]
    [InlineData("get-private-history", """{"withUserId":"bob","afterSeq":-2}""")]
    [InlineData("get-conversations", """{"limit":"5"}""")]
    [InlineData("get-conversations", "7")]
    [InlineData("mark-read", """{"withUserId":"bob","seq":3,"roomId":5}""")]
    [InlineData("mark-read", """{"withUserId":"bob"}""")]
    public async Task Typed_payloads_are_strict_about_kinds_names_and_ranges(string eventName, string payload)
    {
        // These events are read as records: numbers must be numbers, names match exactly, counts are not negative.
        await using var alice = await Server.ConnectAsync();
        using var json = JsonDocument.Parse(payload);

        AssertError(await alice.RequestAsync(eventName, json.RootElement.Clone()), "invalid_format");
        await AssertStillWorksAsync(alice);
    }

    [Fact]
    public async Task Content_over_the_maximum_length_is_content_too_long_and_at_the_maximum_is_accepted()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        AssertError(await alice.RequestAsync("message", new { roomId = room, content = new string('x', 4001) }), "content_too_long", "Content too long");

        var ok = await alice.RequestAsync("message", new { roomId = room, content = new string('y', 4000) });
        Assert.Equal(1, ok.GetProperty("seq").GetInt64());
        var message = await alice.WaitForEventAsync("new-message");
        Assert.Equal(4000, message.GetProperty("content").GetString()!.Length);
    }

    [Fact]
    public async Task Content_too_long_without_an_id_is_an_error_event()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        await alice.EmitAsync("message", new { roomId = room, content = new string('x', 5000) });

        var error = await alice.WaitForEventAsync("error");
        Assert.Equal("content_too_long", error.GetProperty("code").GetString());
        await AssertStillWorksAsync(alice);
    }

    [Fact]
    public async Task Unknown_event_with_an_id_gets_an_unknown_event_ack()
    {
        await using var client = await Server.ConnectAsync();

        var ack = await client.RequestAsync("teleport", new { where = "mars" });

        AssertError(ack, "unknown_event", "Unknown event");
        await AssertStillWorksAsync(client);
        Assert.Empty(client.Received("error"));
    }

    [Fact]
    public async Task Unknown_event_without_an_id_gets_an_unknown_event_error_event()
    {
        await using var client = await Server.ConnectAsync();

        await client.EmitAsync("teleport", null);

        var error = await client.WaitForEventAsync("error");
        Assert.Equal("unknown_event", error.GetProperty("code").GetString());
        Assert.Equal("Unknown event", error.GetProperty("error").GetString());
        await AssertStillWorksAsync(client);
    }

    [Fact]
    public async Task Event_names_are_case_sensitive()
    {
        await using var client = await Server.ConnectAsync();

        AssertError(await client.RequestAsync("PING", null), "unknown_event");
    }

    [Fact]
    public async Task Binary_frame_is_answered_with_an_invalid_format_error_event()
    {
        await using var client = await Server.ConnectAsync();

        await client.SendRawAsync(Encoding.UTF8.GetBytes("""{"type":"ping","id":"b1"}"""), WebSocketMessageType.Binary);

        var error = await client.WaitForEventAsync("error");
        Assert.Equal("invalid_format", error.GetProperty("code").GetString());
        await AssertStillWorksAsync(client);
        Assert.DoesNotContain(client.Frames(), f => TestChatClient.IsAckFor(f, "b1"));
    }

    [Fact]
    public async Task Numeric_request_id_is_echoed_as_a_number()
    {
        await using var client = await Server.ConnectAsync();

        await client.SendFrameAsync(new { type = "ping", id = 42 });

        var ack = await client.WaitForFrameAsync(f => TestChatClient.Type(f) == "ack");
        Assert.Equal(JsonValueKind.Number, ack.GetProperty("id").ValueKind);
        Assert.Equal(42, ack.GetProperty("id").GetInt32());
        Assert.True(ack.GetProperty("data").GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Numeric_request_id_of_a_failed_request_is_echoed_as_a_number()
    {
        await using var client = await Server.ConnectAsync();

        await client.SendFrameAsync(new { type = "message", id = 7, data = new { roomId = TestIds.Room(), content = "" } });

        var ack = await client.WaitForFrameAsync(f => TestChatClient.Type(f) == "ack");
        Assert.Equal(7, ack.GetProperty("id").GetInt32());
        AssertError(ack.GetProperty("data"), "invalid_format");
    }

    [Fact]
    public async Task Every_request_id_gets_exactly_one_ack()
    {
        await using var client = await Server.ConnectAsync();
        var room = TestIds.Room();

        await client.SendFrameAsync(new { type = "join-room", id = "once-1", data = room });
        await client.SendFrameAsync(new { type = "message", id = "once-2", data = new { roomId = room, content = "hi" } });
        await client.SendFrameAsync(new { type = "message", id = "once-3", data = new { roomId = room, content = "" } });
        await client.SendFrameAsync(new { type = "nope", id = "once-4" });
        await client.SendFrameAsync(new { type = "ping", id = "once-5" });
        await client.WaitForEventAsync("pong");
        await AssertStillWorksAsync(client);

        foreach (var id in new[] { "once-1", "once-2", "once-3", "once-4", "once-5" })
        {
            Assert.Single(client.Frames(), f => TestChatClient.IsAckFor(f, id));
        }
    }

    [Fact]
    public async Task Oversized_frame_gets_payload_too_large_then_a_1009_close_and_others_keep_working()
    {
        await using var bystander = await Server.ConnectAsync();
        await using var other = await Server.ConnectAsync();
        await using var offender = await Server.ConnectAsync();
        var room = TestIds.Room();
        await bystander.RequestOkAsync("join-room", room);
        await other.RequestOkAsync("join-room", room);
        await offender.RequestOkAsync("join-room", room);
        var content = new string('z', 70_000);

        await offender.SendRawAsync(JsonSerializer.Serialize(new { type = "message", id = "big", data = new { roomId = room, content } }));

        var error = await offender.WaitForEventAsync("error");
        Assert.Equal("payload_too_large", error.GetProperty("code").GetString());
        Assert.Equal("Maximum payload size exceeded", error.GetProperty("error").GetString());
        await offender.Closed.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, offender.CloseStatus);
        Assert.DoesNotContain(offender.Frames(), f => TestChatClient.IsAckFor(f, "big"));

        // Nothing was stored, and the others still send and receive.
        var ack = await other.RequestAsync("message", new { roomId = room, content = "after the big one" });
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        await bystander.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "after the big one");
        await AssertStillWorksAsync(bystander);
    }

    [Fact]
    public async Task Frame_just_under_the_maximum_is_accepted()
    {
        await using var client = await Server.ConnectAsync();

        // 65 000 bytes of JSON: an unknown event so that no content limit applies.
        var frame = JsonSerializer.Serialize(new { type = "padding", id = "p1", data = new string('p', 64_900) });
        Assert.InRange(Encoding.UTF8.GetByteCount(frame), 64_900, 65_536);
        await client.SendRawAsync(frame);

        var ack = await client.WaitForFrameAsync(f => TestChatClient.IsAckFor(f, "p1"));
        AssertError(ack.GetProperty("data"), "unknown_event");
        await AssertStillWorksAsync(client);
    }

    [Fact]
    public async Task A_bad_request_does_not_affect_other_users()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);

        await alice.SendRawAsync("{garbage");
        await alice.EmitAsync("message", new { roomId = room, content = 12 });
        await alice.WaitForEventAsync("error");
        await alice.WaitForEventAsync("error");

        await alice.RequestOkAsync("message", new { roomId = room, content = "fine" });
        var message = await bob.WaitForEventAsync("new-message");
        Assert.Equal("fine", message.GetProperty("content").GetString());
        Assert.Empty(bob.Received("error"));
    }

    private static async Task AssertStillWorksAsync(TestChatClient client)
    {
        var ack = await client.RequestAsync("ping", null);
        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal(WebSocketState.Open, client.State);
    }
}
