using Orleans.Chat.Gateway.Commands;
using System.Text;
using System.Text.Json;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Protocol.SocketIo;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>The call events' bytes on both protocols, the call payload rules, call ids, TURN credentials and the per-session call set.</summary>
public sealed class CallWireTests
{
    private const string CallId = "AAAAAAAAAAAAAAAAAAAAAA";

    [Fact]
    public void Call_events_carry_the_offer_answer_and_candidate_as_the_raw_json_the_sender_sent_on_both_protocols()
    {
        const string offer = """{"type":"offer",  "sdp":"v=0\r\né"}""";
        var incoming = CallEventEncoding.ToOutbound(new CallSignal
        {
            Kind = CallSignalKind.Incoming, CallId = CallId, From = new UserRef { Id = "u1", Name = "Ann" }, Media = "video", PayloadJson = offer,
        });
        var body = "{\"callId\":\"" + CallId + "\",\"from\":{\"id\":\"u1\",\"name\":\"Ann\"},\"media\":\"video\",\"offer\":" + offer + "}";
        Assert.Equal("{\"type\":\"incoming-call\",\"data\":" + body + "}", Native(incoming));
        Assert.Equal("42[\"incoming-call\"," + body + "]", Encoding.UTF8.GetString(incoming.EncodeFor(SocketIoEventEncoder.Instance)));

        Assert.Equal("{\"type\":\"call-answered\",\"data\":{\"callId\":\"" + CallId + "\",\"answer\":{\"type\":\"answer\",\"sdp\":\"x\"}}}",
            Native(Signal(CallSignalKind.Answered, """{"type":"answer","sdp":"x"}""")));
        Assert.Equal("{\"type\":\"ice-candidate\",\"data\":{\"callId\":\"" + CallId + "\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"0\"}}}",
            Native(Signal(CallSignalKind.Candidate, """{"candidate":"c","sdpMid":"0"}""")));
        Assert.Equal("{\"type\":\"ice-candidate\",\"data\":{\"callId\":\"" + CallId + "\",\"candidate\":null}}",
            Native(Signal(CallSignalKind.Candidate, "null")));
        Assert.Equal("{\"type\":\"call-ended\",\"data\":{\"callId\":\"" + CallId + "\",\"reason\":\"answered-elsewhere\"}}",
            Native(CallEventEncoding.ToOutbound(new CallSignal { Kind = CallSignalKind.Ended, CallId = CallId, Reason = CallEndReasons.AnsweredElsewhere })));
        Assert.Equal("""{"callId":"abc","success":true}""", JsonSerializer.Serialize(new CallUserAck("abc"), CallJsonContext.Default.CallUserAck));
    }

    [Fact]
    public void A_call_signal_reaches_only_the_sessions_it_names_and_call_ended_forgets_the_call()
    {
        var (one, two) = (new RecordingSession("a1"), new RecordingSession("a2"));
        one.Session.Calls.Track(CallId);
        two.Session.Calls.Track(CallId);

        CallDelivery.Deliver(new UserEvent
        {
            Kind = UserEventKind.Call, UserId = "a", TargetSessionId = "session-a2",
            Call = new CallSignal { Kind = CallSignalKind.Candidate, CallId = CallId, PayloadJson = "null" },
        }, [one.Session, two.Session]);
        Assert.Empty(one.Frames);
        Assert.Single(two.Frames);

        CallDelivery.Deliver(new UserEvent
        {
            Kind = UserEventKind.Call, UserId = "a", ExceptSessionId = "session-a2",
            Call = new CallSignal { Kind = CallSignalKind.Ended, CallId = CallId, Reason = CallEndReasons.AnsweredElsewhere },
        }, [one.Session, two.Session]);
        Assert.Contains("call-ended", Assert.Single(one.Frames));
        Assert.Single(two.Frames);
        Assert.Empty(one.Session.Calls.TakeAll());
        Assert.Equal([CallId], two.Session.Calls.TakeAll());
    }

    [Theory]
    [InlineData("""{"targetUserId":"bob","media":"audio","offer":{"type":"offer","sdp":"v=0"}}""", null)]
    [InlineData("""{"targetUserId":"bob","media":"video","offer":{"type":"offer","sdp":"","extra":[1]}}""", null)]
    [InlineData("""{"targetUserId":"bob","media":"screen","offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"targetUserId":7,"media":"audio","offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"targetUserId":" ","media":"audio","offer":{"type":"offer","sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","media":"audio","offer":"v=0"}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","media":"audio","offer":null}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","media":"audio"}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","media":"audio","offer":{"type":"answer","sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","media":"audio","offer":{"type":"offer"}}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","media":"audio","offer":{"type":"offer","sdp":5}}""", "invalid_format")]
    [InlineData("""{"targetUserId":"bob","media":"audio","offer":{"type":"offer","sdp":"\ud800"}}""", null)]
    [InlineData("""["bob"]""", "invalid_format")]
    [InlineData("\"bob\"", "invalid_format")]
    public void Call_user_takes_a_target_a_media_and_an_offer_object(string payload, string? error)
    {
        using var document = JsonDocument.Parse(payload);
        var result = CallRequests.TryReadCallUser(document.RootElement, out var request);

        Assert.Equal(error, result?.Code);
        if (error is null)
        {
            Assert.Equal(document.RootElement.GetProperty("offer").GetRawText(), request.OfferJson);
        }
    }

    [Fact]
    public void Offers_answers_and_candidates_are_capped_in_bytes_of_json()
    {
        // The JSON of {"type":"offer","sdp":"..."} is 25 bytes around the sdp text.
        var atLimit = new string('s', CallRequests.MaxSdpBytes - 25);
        Assert.Null(ReadOffer(atLimit));
        Assert.Equal("payload_too_large", ReadOffer(atLimit + "s"));

        var answer = "{\"type\":\"answer\",\"sdp\":\"" + new string('s', CallRequests.MaxSdpBytes) + "\"}";
        Assert.Equal("payload_too_large", Read(CallRequests.TryReadAnswer, "{\"callId\":\"" + CallId + "\",\"answer\":" + answer + "}"));

        // {"candidate":"..."} is 16 bytes around the text.
        Assert.Null(Read(CallRequests.TryReadCandidate, Candidate(CallRequests.MaxCandidateBytes - 16)));
        Assert.Equal("payload_too_large", Read(CallRequests.TryReadCandidate, Candidate(CallRequests.MaxCandidateBytes - 15)));
    }

    [Theory]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","candidate":{"candidate":"c"}}""", null)]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","candidate":null}""", null)]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","candidate":"candidate:1 1 udp"}""", "invalid_format")]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","candidate":[]}""", "invalid_format")]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA"}""", "invalid_format")]
    [InlineData("""{"callId":5,"candidate":null}""", "invalid_format")]
    [InlineData("""{"candidate":null}""", "invalid_format")]
    [InlineData("""{"callId":"short","candidate":null}""", "not_found")]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAA/","candidate":null}""", "not_found")]
    public void A_candidate_is_an_object_or_null_for_a_call_id_of_the_gateway_s_shape(string payload, string? error) =>
        Assert.Equal(error, Read(CallRequests.TryReadCandidate, payload));

    [Theory]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":{"type":"answer","sdp":"v=0"}}""", null)]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":{"type":"pranswer","sdp":"v=0"}}""", null)]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":{"type":"offer","sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":{"sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"callId":"AAAAAAAAAAAAAAAAAAAAAA","answer":true}""", "invalid_format")]
    [InlineData("""{"callId":null,"answer":{"type":"answer","sdp":"v=0"}}""", "invalid_format")]
    [InlineData("""{"callId":"","answer":{"type":"answer","sdp":"v=0"}}""", "not_found")]
    public void An_answer_is_an_answer_object(string payload, string? error) =>
        Assert.Equal(error, Read(CallRequests.TryReadAnswer, payload));

    [Fact]
    public void Call_ids_are_22_url_safe_characters_and_never_repeat()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RandomIds.New()).ToList();

        Assert.All(ids, id => Assert.True(RandomIds.IsWellFormed(id), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.False(RandomIds.IsWellFormed(null));
        Assert.False(RandomIds.IsWellFormed(ids[0] + "A"));
        Assert.False(RandomIds.IsWellFormed("AAAAAAAAAAAAAAAAAAAAA=")); // padding is not ours
    }

    [Fact]
    public void Turn_credentials_follow_the_turn_rest_convention()
    {
        // base64(HMAC-SHA1(secret, "1700000000:alice")), computed independently (python hmac).
        var (username, credential) = TurnCredentials.Create("a-turn-secret-of-32-bytes-or-more!!", "alice", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        Assert.Equal("1700000000:alice", username);
        Assert.Equal("VvSGtoysNAJ8rcI7P70o7aQLFfM=", credential);
    }

    [Fact]
    public void A_session_keeps_its_newest_calls_only()
    {
        var calls = new SessionCalls();
        for (var i = 0; i < SessionCalls.Capacity + 2; i++)
        {
            calls.Track($"c{i}");
        }

        calls.Track("c5");
        calls.Untrack("c3");
        calls.Untrack("unknown");

        Assert.Equal(["c2", "c4", "c5"], calls.TakeAll());
        Assert.Empty(calls.TakeAll());
    }

    private delegate ErrorPayload? TwoOutReader(JsonElement data, out string callId, out string json);

    private static string? Read(TwoOutReader reader, string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return reader(document.RootElement, out _, out _)?.Code;
    }

    private static string? ReadOffer(string sdp)
    {
        using var document = JsonDocument.Parse("{\"targetUserId\":\"bob\",\"media\":\"audio\",\"offer\":{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}}");
        return CallRequests.TryReadCallUser(document.RootElement, out _)?.Code;
    }

    private static string Candidate(int textLength) =>
        "{\"callId\":\"" + CallId + "\",\"candidate\":{\"candidate\":\"" + new string('c', textLength) + "\"}}";

    private static Sessions.OutboundEvent Signal(CallSignalKind kind, string payloadJson) =>
        CallEventEncoding.ToOutbound(new CallSignal { Kind = kind, CallId = CallId, PayloadJson = payloadJson });

    private static string Native(Sessions.OutboundEvent evt) => Encoding.UTF8.GetString(evt.EncodeFor(NativeEventEncoder.Instance));
}
