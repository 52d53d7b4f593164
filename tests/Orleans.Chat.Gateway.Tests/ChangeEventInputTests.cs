using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// The client events of message changes, read state, moderation and room-event refuse malformed
/// payloads with the documented error on both protocols, before any grain is asked, and the
/// connection goes on working.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ChangeEventInputTests(GatewayFixture fixture)
{
    private static readonly string TooLongName = new('n', 129);
    private static readonly string TooLongTopic = new('t', 513);
    private static readonly string TooLongEvent = "e" + new string('x', 64);

    public static TheoryData<string, string> MalformedPayloads => new()
    {
        { "edit-message", """{}""" },
        { "edit-message", "\"room-x\"" },
        { "edit-message", """{"roomId":"room-x","seq":1}""" },
        { "edit-message", """{"roomId":"room-x","content":"x"}""" },
        { "edit-message", """{"roomId":"room-x","withUserId":"bob","seq":1,"content":"x"}""" },
        { "edit-message", """{"seq":1,"content":"x"}""" },
        { "edit-message", """{"roomId":"room-x","seq":"1","content":"x"}""" },
        { "edit-message", """{"roomId":"room-x","seq":1.5,"content":"x"}""" },
        { "edit-message", """{"roomId":"room-x","seq":-1,"content":"x"}""" },
        { "edit-message", """{"roomId":"room-x","seq":1,"content":5}""" },
        { "edit-message", """{"roomId":"room-x","seq":1,"content":"   "}""" },
        { "edit-message", """{"roomId":5,"seq":1,"content":"x"}""" },
        { "edit-message", """{"roomId":" ","seq":1,"content":"x"}""" },
        { "edit-message", """{"withUserId":"bo\u0000b","seq":1,"content":"x"}""" },
        { "delete-message", """{"roomId":"room-x"}""" },
        { "delete-message", """{"roomId":"room-x","withUserId":"bob","seq":1}""" },
        { "delete-message", """{"withUserId":"bob","seq":"2"}""" },
        { "delete-message", """{"withUserId":["bob"],"seq":2}""" },
        { "get-changes", """{"roomId":"room-x"}""" },
        { "get-changes", """{"roomId":"room-x","sinceChangeSeq":-1}""" },
        { "get-changes", """{"roomId":"room-x","sinceChangeSeq":0,"limit":"5"}""" },
        { "get-changes", """{"roomId":"room-x","sinceChangeSeq":0,"limit":-5}""" },
        { "get-changes", """{"roomId":"room-x","withUserId":"bob","sinceChangeSeq":0}""" },
        { "get-changes", """{"sinceChangeSeq":0}""" },
        { "mark-read", """{"roomId":"room-x"}""" },
        { "mark-read", """{"roomId":"room-x","seq":-1}""" },
        { "mark-read", """{"roomId":"room-x","seq":"3"}""" },
        { "get-rooms", "\"all\"" },
        { "get-rooms", "7" },
        { "get-rooms", """{"limit":"5"}""" },
        { "get-rooms", """{"limit":-1}""" },
        { "set-role", """{"roomId":"room-x","userId":"bob","role":"owner"}""" },
        { "set-role", """{"roomId":"room-x","userId":"bob","role":"ADMIN"}""" },
        { "set-role", """{"roomId":"room-x","userId":"bob"}""" },
        { "set-role", """{"roomId":"room-x","userId":5,"role":"admin"}""" },
        { "set-role", """{"userId":"bob","role":"admin"}""" },
        { "kick", """{"roomId":"room-x"}""" },
        { "kick", """{"userId":"bob"}""" },
        { "kick", """{"roomId":"room-x","userId":""}""" },
        { "kick", "\"room-x\"" },
        { "update-room", """{"roomId":"room-x"}""" },
        { "update-room", """{"roomId":"room-x","name":""}""" },
        { "update-room", """{"roomId":"room-x","name":"  \u202E "}""" },
        { "update-room", $$"""{"roomId":"room-x","name":"{{TooLongName}}"}""" },
        { "update-room", $$"""{"roomId":"room-x","topic":"{{TooLongTopic}}"}""" },
        { "update-room", """{"roomId":"room-x","name":5}""" },
        { "update-room", """{"roomId":"room-x","topic":["t"]}""" },
        { "update-room", """{"name":"Lobby"}""" },
        { "room-event", """{"roomId":"room-x","event":"Bad"}""" },
        { "room-event", """{"roomId":"room-x","event":""}""" },
        { "room-event", """{"roomId":"room-x","event":"1abc"}""" },
        { "room-event", """{"roomId":"room-x","event":"a_b"}""" },
        { "room-event", """{"roomId":"room-x","event":"cursor\n"}""" },
        { "room-event", $$"""{"roomId":"room-x","event":"{{TooLongEvent}}"}""" },
        { "room-event", """{"roomId":"room-x"}""" },
        { "room-event", """{"roomId":"room-x","event":5}""" },
        { "room-event", """{"event":"cursor"}""" },
        { "room-event", "\"cursor\"" },
    };

    public static TheoryData<WireProtocol, string, string> MalformedOnBothProtocols()
    {
        var data = new TheoryData<WireProtocol, string, string>();
        foreach (var protocol in new[] { WireProtocol.Native, WireProtocol.SocketIo })
        {
            foreach (var row in MalformedPayloads)
            {
                data.Add(protocol, (string)row[0], (string)row[1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedOnBothProtocols))]
    public async Task Malformed_payloads_are_invalid_format(WireProtocol protocol, string eventName, string payload)
    {
        await using var alice = await ProtocolClient.ConnectAsync(fixture.Server, protocol);
        using var json = JsonDocument.Parse(payload);

        AssertError(await alice.RequestAsync(eventName, json.RootElement.Clone()), "invalid_format", "Invalid message format");
        AssertSuccess(await alice.RequestAsync("get-conversations", null), "get-conversations");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task An_edit_over_the_content_limit_is_content_too_long(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(fixture.Server, protocol);

        var ack = await alice.RequestAsync("edit-message", new { withUserId = TestIds.User(), seq = 1, content = new string('x', 4001) });

        AssertError(ack, "content_too_long", "Content too long");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Room_event_data_over_the_limit_is_payload_too_large(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(fixture.Server, protocol);
        // 4097 bytes of JSON: a string of 4095 characters and its quotes.
        var data = new string('d', 4095);

        var ack = await alice.RequestAsync("room-event", new { roomId = TestIds.Room(), @event = "cursor", data });

        AssertError(ack, "payload_too_large", "Maximum payload size exceeded");
    }
}
