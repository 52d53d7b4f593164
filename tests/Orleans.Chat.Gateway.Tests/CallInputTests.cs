using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using static Orleans.Chat.Gateway.Tests.Infrastructure.CallChecks;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// The call events refuse what an attacker or a broken client sends, with the documented error, on both
/// protocols: wrong shapes, oversized SDPs and candidates, calling oneself, ids that name no call. The
/// connection goes on working, and a call in progress is not disturbed.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CallInputTests(GatewayFixture fixture)
{
    private const string UnknownCall = "AAAAAAAAAAAAAAAAAAAAAA";

    public static TheoryData<string, string, string> Refused => new()
    {
        { "call-user", "null", "invalid_format" },
        { "call-user", "\"bob\"", "invalid_format" },
        { "call-user", """{"targetUserId":"bob","media":"audio"}""", "invalid_format" },
        { "call-user", """{"targetUserId":"bob","media":"audio","offer":"v=0"}""", "invalid_format" },
        { "call-user", """{"targetUserId":"bob","media":"audio","offer":{"sdp":"v=0"}}""", "invalid_format" },
        { "call-user", """{"targetUserId":"bob","media":"audio","offer":{"type":"answer","sdp":"v=0"}}""", "invalid_format" },
        { "call-user", """{"targetUserId":"bob","media":"audio","offer":{"type":"offer","sdp":["v=0"]}}""", "invalid_format" },
        { "call-user", """{"targetUserId":"bob","media":"hologram","offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format" },
        { "call-user", """{"targetUserId":"bob","media":1,"offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format" },
        { "call-user", """{"targetUserId":["bob"],"media":"audio","offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format" },
        { "call-user", """{"targetUserId":"bo\u0000b","media":"audio","offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format" },
        { "call-answer", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA"}""", "invalid_format" },
        { "call-answer", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":{"type":"offer","sdp":"v=0"}}""", "invalid_format" },
        { "call-answer", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":{"type":"answer","sdp":null}}""", "invalid_format" },
        { "call-answer", """{"answer":{"type":"answer","sdp":"v=0"}}""", "invalid_format" },
        { "call-answer", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":{"type":"answer","sdp":"v=0"}}""", "not_found" },
        { "ice-candidate", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA","candidate":"candidate:1 1 udp"}""", "invalid_format" },
        { "ice-candidate", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA","candidate":7}""", "invalid_format" },
        { "ice-candidate", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA"}""", "invalid_format" },
        { "ice-candidate", """{"callId":true,"candidate":null}""", "invalid_format" },
        { "ice-candidate", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA","candidate":null}""", "not_found" },
        { "ice-candidate", """{"callId":"../../etc/passwd","candidate":null}""", "not_found" },
        { "call-reject", "\"AAAAAAAAAAAAAAAAAAAAAA\"", "invalid_format" },
        { "call-reject", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA"}""", "not_found" },
        { "call-reject", """{"callId":"AAAAAAAAAAAAAAAAAAAAAAA"}""", "not_found" },
        { "call-end", """{}""", "invalid_format" },
        { "call-end", """{"callId":12}""", "invalid_format" },
        { "call-end", """{"callId":"AAAAAAAAAAAAAAAAAAAAAA"}""", "not_found" },
        { "call-end", """{"callId":""}""", "not_found" },
    };

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Malformed_and_unknown_call_requests_get_the_documented_error(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(fixture.Server, protocol);
        foreach (var row in Refused)
        {
            var (eventName, payload, code) = ((string)row[0], (string)row[1], (string)row[2]);
            using var json = JsonDocument.Parse(payload);
            var ack = await alice.RequestAsync(eventName, json.RootElement.Clone());
            Assert.True(ack.TryGetProperty("code", out var actual) && actual.GetString() == code, $"{eventName} {payload}: {ack.GetRawText()}, expected {code}");
        }

        AssertSuccess(await alice.RequestAsync("get-conversations", null), "get-conversations");
        Assert.Empty(alice.Received("call-ended"));
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Calling_oneself_is_invalid_format(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(fixture.Server, protocol);

        AssertError(await alice.RequestAsync("call-user", new { targetUserId = alice.UserId, media = "audio", offer = Offer() }), "invalid_format", "Invalid message format");
        AssertError(await alice.RequestAsync("call-user", new { targetUserId = "  " + alice.UserId + " ", media = "audio", offer = Offer() }), "invalid_format", "Invalid message format");
        await AssertNoMoreAsync(alice, "incoming-call", UnknownCall);
        Assert.Empty(alice.Received("incoming-call"));
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task An_oversized_candidate_is_payload_too_large_and_the_call_goes_on(WireProtocol protocol)
    {
        var calleeId = TestIds.User("callee");
        await using var caller = await ProtocolClient.ConnectAsync(fixture.Server, protocol);
        await using var callee = await ProtocolClient.ConnectAsync(fixture.Server, protocol, calleeId);
        var callId = await CallAsync(caller, calleeId);
        await callee.RequestOkAsync("call-answer", new { callId, answer = Answer() });
        await caller.WaitForEventAsync("call-answered", Of(callId));

        // 4097 bytes of JSON: {"candidate":"..."} is 16 bytes around the text.
        var tooBig = new { candidate = new string('c', 4081) };
        AssertError(await caller.RequestAsync("ice-candidate", new { callId, candidate = tooBig }), "payload_too_large", "Maximum payload size exceeded");
        await AssertNoMoreAsync(callee, "ice-candidate", callId);

        var atLimit = new { candidate = new string('c', 4080) };
        await caller.RequestOkAsync("ice-candidate", new { callId, candidate = atLimit });
        var relayed = await callee.WaitForEventAsync("ice-candidate", Of(callId));
        Assert.Equal(4080, relayed.GetProperty("candidate").GetProperty("candidate").GetString()!.Length);
        await caller.RequestOkAsync("call-end", new { callId });
        await AssertEndedAsync(callee, callId, "ended");
    }

    [Fact]
    public async Task Without_ice_settings_the_server_lists_no_ice_servers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ice-servers");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await fixture.Server.DevTokenAsync(TestIds.User()));
        using var response = await fixture.Server.Http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Equal("""{"iceServers":[],"ttl":3600}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_offer_is_relayed_byte_for_byte_as_the_caller_wrote_it()
    {
        var calleeId = TestIds.User("callee");
        await using var caller = await fixture.Server.ConnectAsync();
        await using var callee = await ProtocolClient.ConnectAsync(fixture.Server, WireProtocol.SocketIo, calleeId);
        // Spacing, escapes and property order a serializer would change: the callee must see them unchanged.
        const string offer = """{ "sdp" : "v=0\r\na=x:\u00e9" , "type":"offer", "x-extra": [1.50, null] }""";
        await caller.SendRawAsync($$$"""{"type":"call-user","id":"c1","data":{"targetUserId":"{{{calleeId}}}","media":"audio","offer":{{{offer}}}}}""");
        var ack = (await caller.WaitForFrameAsync(frame => TestChatClient.IsAckFor(frame, "c1"))).GetProperty("data");
        var callId = ack.GetProperty("callId").GetString()!;

        var incoming = await callee.WaitForEventAsync("incoming-call", Of(callId));

        Assert.Equal(offer, incoming.GetProperty("offer").GetRawText());
        await caller.RequestOkAsync("call-end", new { callId });
    }
}
