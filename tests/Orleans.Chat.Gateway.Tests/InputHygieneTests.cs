using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// What a client may not put into the chat: server-made message types, invalid UTF-8, recovery ids
/// the server never issued, ids and names outside the rules.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class InputHygieneTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [InlineData("system")]
    [InlineData("file")]
    [InlineData("image")]
    [InlineData(" ")]
    public async Task A_message_of_a_type_clients_may_not_send_is_refused_and_nothing_is_stored(string type)
    {
        var (client, room) = await InRoomAsync();
        var ack = await client.RequestAsync("message", new { roomId = room, content = "I am the server", type });
        Assert.Equal("invalid_format", ack.GetProperty("code").GetString());

        var text = await client.RequestAsync("message", new { roomId = room, content = "plain", type = "text" });
        Assert.Equal(1, text.GetProperty("seq").GetInt64());
        var history = await client.RequestAsync("get-history", new { roomId = room });
        var message = Assert.Single(history.GetProperty("messages").EnumerateArray());
        Assert.Equal("text", message.GetProperty("type").GetString());
        await client.DisposeAsync();
    }

    [Fact]
    public async Task The_server_api_may_still_post_a_system_message()
    {
        var (client, room) = await InRoomAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room}/messages")
        {
            Content = JsonContent(new { content = "maintenance at noon", type = "system" }),
        };
        request.Headers.Add("X-Api-Key", GatewayServer.ApiKey);
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await client.WaitForEventAsync("new-message");
        Assert.Equal("system", message.GetProperty("type").GetString());
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Invalid_utf8_in_a_native_text_frame_fails_the_websocket_with_1007_as_rfc_6455_demands()
    {
        var (client, room) = await InRoomAsync();
        var frame = Encoding.UTF8.GetBytes("""{"type":"message","data":{"roomId":"ROOM","content":"X"}}""".Replace("ROOM", room, StringComparison.Ordinal));
        frame[frame.AsSpan().IndexOf((byte)'X')] = 0xC3; // a lead byte with no continuation
        await client.SendRawAsync(frame);

        await client.Closed.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, client.CloseStatus);
        await using var again = await ConnectAsync();
        var history = await again.RequestAsync("join-room", room);
        Assert.Empty(history.GetProperty("recentMessages").EnumerateArray());
        await client.DisposeAsync();
    }

    [Theory]
    [InlineData("""{"type":"message","id":"m","data":{"roomId":"ROOM","content":"\ud800"}}""")]
    [InlineData("""{"type":"message","id":"m","data":{"roomId":"\udc00","content":"x"}}""")]
    [InlineData("""{"type":"update-status","id":"m","data":"\ud800"}""")]
    public async Task A_json_escape_that_makes_no_valid_text_is_invalid_format(string frame)
    {
        var (client, room) = await InRoomAsync();
        await client.SendRawAsync(frame.Replace("ROOM", room, StringComparison.Ordinal));
        var ack = await client.WaitForFrameAsync(f => TestChatClient.IsAckFor(f, "m"));
        Assert.Equal("invalid_format", ack.GetProperty("data").GetProperty("code").GetString());

        await client.SendRawAsync("""{"type":"\ud800","id":"t"}""");
        var typeAck = await client.WaitForFrameAsync(f => TestChatClient.IsAckFor(f, "t"));
        Assert.Equal("invalid_format", typeAck.GetProperty("data").GetProperty("code").GetString());
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Invalid_utf8_in_a_polling_body_is_a_bad_request_that_closes_only_that_session()
    {
        var session = await EngineIoPollingClient.OpenAsync(Server.Http);
        Assert.StartsWith("40", await session.ConnectAsync(await Server.DevTokenAsync(TestIds.User())), StringComparison.Ordinal);

        var body = Encoding.UTF8.GetBytes("""42["message",{"roomId":"r","content":"X"}]""");
        body[body.AsSpan().IndexOf((byte)'X')] = 0xFF;
        Assert.Equal(HttpStatusCode.BadRequest, await session.PostAsync(body));
        Assert.Empty(await session.PollAsync());

        var next = await EngineIoPollingClient.OpenAsync(Server.Http);
        Assert.StartsWith("40", await next.ConnectAsync(await Server.DevTokenAsync(TestIds.User())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-pid")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("aaaaaaaaaaaaaaaaaaa=")]
    public async Task A_recovery_pid_the_server_never_issued_means_no_recovery(string pid)
    {
        var session = await EngineIoPollingClient.OpenAsync(Server.Http);
        var answer = await session.ConnectAsync(await Server.DevTokenAsync(TestIds.User()), new Dictionary<string, object?> { ["pid"] = pid, ["offset"] = "1:r" });
        Assert.StartsWith("40", answer, StringComparison.Ordinal);
        Assert.NotEqual(pid, JsonDocument.Parse(answer[2..]).RootElement.GetProperty("pid").GetString());
    }

    [Fact]
    public async Task A_huge_recovery_pid_is_treated_as_no_recovery()
    {
        var session = await EngineIoPollingClient.OpenAsync(Server.Http);
        var answer = await session.ConnectAsync(await Server.DevTokenAsync(TestIds.User()), new Dictionary<string, object?> { ["pid"] = new string('p', 10_000) });
        Assert.StartsWith("40", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("room\u0000x")]
    [InlineData("room\u202Ex")]
    [InlineData("room\u200Bx")]
    [InlineData("room\u0085x")]
    [InlineData("   ")]
    public async Task A_room_id_with_control_or_invisible_characters_is_invalid_format(string roomId)
    {
        await using var client = await ConnectAsync();
        var ack = await client.RequestAsync("join-room", new { roomId });
        Assert.Equal("invalid_format", ack.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_room_id_is_bounded_and_trimmed()
    {
        await using var client = await ConnectAsync();
        var tooLong = await client.RequestAsync("join-room", new { roomId = new string('r', 129) });
        Assert.Equal("invalid_format", tooLong.GetProperty("code").GetString());

        var room = TestIds.Room();
        var joined = await client.RequestAsync("join-room", new { roomId = $"  {room}\t" });
        Assert.Equal(room, joined.GetProperty("room").GetProperty("id").GetString());
        var ack = await client.RequestAsync("message", new { roomId = room, content = "same room" });
        Assert.True(ack.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task A_display_name_loses_control_and_bidi_characters_and_is_cut_to_64()
    {
        var user = TestIds.User();
        var name = "Mal\u202Elory\u0000 " + new string('n', 80);
        await using var client = await Server.ConnectAsync(user, name);
        var room = TestIds.Room();
        var joined = await client.RequestAsync("join-room", room);
        var member = Assert.Single(joined.GetProperty("members").EnumerateArray());
        var shown = member.GetProperty("name").GetString()!;
        Assert.Equal(64, shown.Length);
        Assert.StartsWith("Mallory nnn", shown, StringComparison.Ordinal);

        // Emoji sequences keep their joiners.
        var family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
        await using var second = await Server.ConnectAsync(TestIds.User(), family);
        var again = await second.RequestAsync("join-room", room);
        Assert.Contains(again.GetProperty("members").EnumerateArray(), m => m.GetProperty("name").GetString() == family);
    }

    [Fact]
    public void Unicode_normalization_is_unavailable_under_invariant_globalization_so_ids_are_not_normalized()
    {
        // If this fails, the build no longer runs invariant: ids could then be NFC-normalized (IdentityText).
        Assert.Equal("e\u0301", "e\u0301".Normalize(NormalizationForm.FormC));
    }

    private async Task<TestChatClient> ConnectAsync()
    {
        var user = TestIds.User();
        return await Server.ConnectWithTokenAsync(await Server.DevTokenAsync(user), user);
    }

    private async Task<(TestChatClient Client, string Room)> InRoomAsync()
    {
        var client = await ConnectAsync();
        var room = TestIds.Room();
        await client.RequestOkAsync("join-room", room);
        return (client, room);
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
