using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using static Orleans.Chat.Gateway.Tests.Infrastructure.CallChecks;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>Call signaling end to end on one gateway: ring, answer, candidates, hang-up, reject, busy, drops, and the call records.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CallSignalingTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Every_callee_connection_rings_the_first_answer_wins_and_candidates_reach_only_the_call_connections(WireProtocol protocol)
    {
        var calleeId = TestIds.User("callee");
        await using var caller = await ProtocolClient.ConnectAsync(Server, protocol, name: "Carol");
        await using var phone = await ProtocolClient.ConnectAsync(Server, protocol, calleeId, "Dan");
        // The callee's second connection speaks the other protocol: each event is checked on both encoders.
        await using var laptop = await ProtocolClient.ConnectAsync(Server, Other(protocol), calleeId, "Dan");

        var callId = await CallAsync(caller, calleeId);
        foreach (var connection in new[] { phone, laptop })
        {
            var incoming = await connection.WaitForEventAsync("incoming-call", Of(callId));
            Assert.Equal(["callId", "from", "media", "offer"], incoming.EnumerateObject().Select(p => p.Name));
            Assert.Equal(caller.UserId, incoming.GetProperty("from").GetProperty("id").GetString());
            Assert.Equal("Carol", incoming.GetProperty("from").GetProperty("name").GetString());
            Assert.Equal("video", incoming.GetProperty("media").GetString());
            AssertSameJson(Offer(), incoming.GetProperty("offer"));
        }

        // A candidate of the caller before the answer is held for the connection that answers.
        await caller.RequestOkAsync("ice-candidate", new { callId, candidate = Candidate("early") });
        await phone.RequestOkAsync("call-answer", new { callId, answer = Answer() });

        AssertSameJson(Answer(), (await caller.WaitForEventAsync("call-answered", Of(callId))).GetProperty("answer"));
        await AssertEndedAsync(laptop, callId, "answered-elsewhere");
        AssertError(await laptop.RequestAsync("call-answer", new { callId, answer = Answer("late") }), "not_allowed");
        AssertSameJson(Candidate("early"), (await phone.WaitForEventAsync("ice-candidate", Of(callId))).GetProperty("candidate"));

        // Both ways, to the call connection only; null (end of candidates) too.
        await phone.RequestOkAsync("ice-candidate", new { callId, candidate = Candidate("from-callee") });
        AssertSameJson(Candidate("from-callee"), (await caller.WaitForEventAsync("ice-candidate", Of(callId))).GetProperty("candidate"));
        await caller.RequestOkAsync("ice-candidate", new { callId, candidate = (object?)null });
        await phone.WaitForEventAsync("ice-candidate", data => Of(callId)(data) && data.GetProperty("candidate").ValueKind == JsonValueKind.Null);
        // The callee's other connection is out of the call: its candidates find no call.
        AssertError(await laptop.RequestAsync("ice-candidate", new { callId, candidate = Candidate("laptop") }), "not_found");
        await AssertNoMoreAsync(laptop, "ice-candidate", callId);
        Assert.Single(caller.Received("ice-candidate"), data => Of(callId)(data));
        Assert.Empty(caller.Received("incoming-call"));

        await phone.RequestOkAsync("call-end", new { callId });
        await AssertEndedAsync(caller, callId, "ended");
        await AssertEndedAsync(phone, callId, "ended");
        AssertError(await caller.RequestAsync("call-end", new { callId }), "not_found");
        AssertError(await phone.RequestAsync("ice-candidate", new { callId, candidate = Candidate("after") }), "not_found");

        var record = await CallRecordAsync(laptop, caller.UserId, callId);
        Assert.Equal(caller.UserId, record.GetProperty("fromUserId").GetString());
        var call = record.GetProperty("call");
        Assert.Equal(["callId", "media", "outcome", "reason", "durationMs"], call.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("video", "completed", "ended"), (call.GetProperty("media").GetString(), call.GetProperty("outcome").GetString(), call.GetProperty("reason").GetString()));
        Assert.True(call.GetProperty("durationMs").GetInt64() >= 0);
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_rejected_call_ends_on_both_sides_and_is_recorded_as_rejected(WireProtocol protocol)
    {
        var calleeId = TestIds.User("callee");
        await using var caller = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var phone = await ProtocolClient.ConnectAsync(Server, protocol, calleeId);
        await using var laptop = await ProtocolClient.ConnectAsync(Server, Other(protocol), calleeId);
        var callId = await CallAsync(caller, calleeId, media: "audio");
        await laptop.WaitForEventAsync("incoming-call", Of(callId));

        // The caller cannot reject its own call; the callee may, from any connection.
        AssertError(await caller.RequestAsync("call-reject", new { callId }), "not_allowed");
        await laptop.RequestOkAsync("call-reject", new { callId });

        await AssertEndedAsync(caller, callId, "rejected");
        await AssertEndedAsync(phone, callId, "rejected");
        await AssertEndedAsync(laptop, callId, "rejected");
        AssertError(await phone.RequestAsync("call-answer", new { callId, answer = Answer() }), "not_found");
        var call = (await CallRecordAsync(caller, calleeId, callId)).GetProperty("call");
        Assert.Equal(("audio", "rejected", "rejected", 0L),
            (call.GetProperty("media").GetString(), call.GetProperty("outcome").GetString(), call.GetProperty("reason").GetString(), call.GetProperty("durationMs").GetInt64()));
    }

    [Fact]
    public async Task Calling_someone_already_in_a_call_or_while_in_one_ends_busy_and_the_callee_sees_a_missed_call()
    {
        var (aliceId, bobId) = (TestIds.User("alice"), TestIds.User("bob"));
        await using var alice = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native, aliceId);
        await using var bob = await ProtocolClient.ConnectAsync(Server, WireProtocol.SocketIo, bobId);
        await using var carol = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        await using var dave = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        var first = await CallAsync(alice, bobId);
        await bob.WaitForEventAsync("incoming-call", Of(first));

        // Bob is ringing: Carol's call succeeds as a request and ends busy at once; Bob's phone does not ring for it.
        var toBusy = await CallAsync(carol, bobId);
        await AssertEndedAsync(carol, toBusy, "busy");
        await AssertNoMoreAsync(bob, "incoming-call", toBusy);
        var missed = (await CallRecordAsync(bob, carol.UserId, toBusy)).GetProperty("call");
        Assert.Equal(("missed", "busy"), (missed.GetProperty("outcome").GetString(), missed.GetProperty("reason").GetString()));

        // Alice is calling: her own second call ends busy too, and Dave is not rung.
        var whileCalling = await CallAsync(alice, dave.UserId);
        await AssertEndedAsync(alice, whileCalling, "busy");
        await AssertNoMoreAsync(dave, "incoming-call", whileCalling);

        // The first call is untouched by both.
        await bob.RequestOkAsync("call-answer", new { callId = first, answer = Answer() });
        await alice.WaitForEventAsync("call-answered", Of(first));
        await alice.RequestOkAsync("call-end", new { callId = first });
        await AssertEndedAsync(bob, first, "ended");
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_caller_who_hangs_up_before_an_answer_leaves_a_missed_call(WireProtocol protocol)
    {
        var calleeId = TestIds.User("callee");
        await using var caller = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var callee = await ProtocolClient.ConnectAsync(Server, Other(protocol), calleeId);
        var callId = await CallAsync(caller, calleeId);
        await callee.WaitForEventAsync("incoming-call", Of(callId));

        await caller.RequestOkAsync("call-end", new { callId });

        await AssertEndedAsync(callee, callId, "ended");
        await AssertEndedAsync(caller, callId, "ended");
        var record = await CallRecordAsync(callee, caller.UserId, callId);
        Assert.Equal("call", record.GetProperty("type").GetString());
        Assert.Equal("missed", record.GetProperty("call").GetProperty("outcome").GetString());
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_party_whose_connection_closes_ends_the_call_as_disconnected_for_the_other(WireProtocol protocol)
    {
        // The caller drops while ringing: every connection of the callee hears it.
        var calleeId = TestIds.User("callee");
        await using var phone = await ProtocolClient.ConnectAsync(Server, protocol, calleeId);
        await using var laptop = await ProtocolClient.ConnectAsync(Server, Other(protocol), calleeId);
        string ringing;
        await using (var caller = await ProtocolClient.ConnectAsync(Server, protocol))
        {
            ringing = await CallAsync(caller, calleeId);
            await phone.WaitForEventAsync("incoming-call", Of(ringing));
        }

        await AssertEndedAsync(phone, ringing, "disconnected");
        await AssertEndedAsync(laptop, ringing, "disconnected");

        // The answering connection drops mid-call: the caller hears it, the callee's other connection was told long ago.
        await using var secondCaller = await ProtocolClient.ConnectAsync(Server, Other(protocol));
        var answered = await CallAsync(secondCaller, calleeId);
        await laptop.WaitForEventAsync("incoming-call", Of(answered));
        await phone.RequestOkAsync("call-answer", new { callId = answered, answer = Answer() });
        await secondCaller.WaitForEventAsync("call-answered", Of(answered));
        await phone.DisposeAsync();

        await AssertEndedAsync(secondCaller, answered, "disconnected");
        await AssertNoMoreAsync(laptop, "call-ended", answered, already: 1);
        var call = (await CallRecordAsync(laptop, secondCaller.UserId, answered)).GetProperty("call");
        Assert.Equal(("completed", "disconnected"), (call.GetProperty("outcome").GetString(), call.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Someone_who_is_not_a_party_finds_no_call_and_changes_nothing()
    {
        var calleeId = TestIds.User("callee");
        await using var caller = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        await using var callee = await ProtocolClient.ConnectAsync(Server, WireProtocol.SocketIo, calleeId);
        await using var stranger = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native);
        var callId = await CallAsync(caller, calleeId);
        await callee.WaitForEventAsync("incoming-call", Of(callId));

        AssertError(await stranger.RequestAsync("call-answer", new { callId, answer = Answer("stranger") }), "not_found");
        AssertError(await stranger.RequestAsync("ice-candidate", new { callId, candidate = Candidate("stranger") }), "not_found");
        AssertError(await stranger.RequestAsync("call-reject", new { callId }), "not_found");
        AssertError(await stranger.RequestAsync("call-end", new { callId }), "not_found");

        await callee.RequestOkAsync("call-answer", new { callId, answer = Answer() });
        AssertSameJson(Answer(), (await caller.WaitForEventAsync("call-answered", Of(callId))).GetProperty("answer"));
        await AssertNoMoreAsync(caller, "ice-candidate", callId);
        await AssertNoMoreAsync(caller, "call-ended", callId);
        await caller.RequestOkAsync("call-end", new { callId });
        await AssertEndedAsync(callee, callId, "ended");
    }

    private static WireProtocol Other(WireProtocol protocol) => protocol == WireProtocol.Native ? WireProtocol.SocketIo : WireProtocol.Native;

    private static void AssertSameJson(object expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(expected), actual), actual.GetRawText());
}
