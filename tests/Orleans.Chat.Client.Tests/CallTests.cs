using System.Text.Json;
using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Call signaling through the SDK against the real gateway (docs/PROTOCOL.md "Calls"); the SDP and candidates are fakes the server relays as they are.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class CallTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    private static readonly JsonElement Offer = Json("""{"type":"offer","sdp":"v=0 fake offer"}""");
    private static readonly JsonElement Answer = Json("""{"type":"answer","sdp":"v=0 fake answer"}""");

    [Fact]
    public async Task Call_answer_candidates_both_ways_and_end_reach_the_right_party_and_the_call_is_recorded()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var (incoming, answered, aliceCandidates, aliceEnded) = (new EventLog<IncomingCallEvent>(), new EventLog<CallAnsweredEvent>(), new EventLog<IceCandidateEvent>(), new EventLog<CallEndedEvent>());
        var (bobCandidates, bobEnded, bobMessages) = (new EventLog<IceCandidateEvent>(), new EventLog<CallEndedEvent>(), new EventLog<PrivateMessage>());
        bob.IncomingCall += incoming.Handler;
        alice.CallAnswered += answered.Handler;
        alice.IceCandidate += aliceCandidates.Handler;
        alice.CallEnded += aliceEnded.Handler;
        bob.IceCandidate += bobCandidates.Handler;
        bob.CallEnded += bobEnded.Handler;
        bob.PrivateMessage += bobMessages.Handler;

        var callId = (await alice.CallUserAsync(UserIdOf(bob), CallMedia.Video, Offer)).CallId;
        var ring = await incoming.WaitForAsync(e => e.CallId == callId, "incoming-call at bob");
        Assert.Equal(UserIdOf(alice), ring.From.Id);
        Assert.Equal(CallMedia.Video, ring.Media);
        Assert.Equal(Offer.GetRawText(), ring.Offer.GetRawText());

        // The caller's candidate before the answer is held by the server and delivered to the answering connection.
        await alice.SendIceCandidateAsync(callId, Candidate(1));
        await bob.AnswerCallAsync(callId, Answer);
        Assert.Equal(Answer.GetRawText(), (await answered.WaitForAsync(e => e.CallId == callId, "call-answered at alice")).Answer.GetRawText());
        Assert.Equal(Candidate(1).GetRawText(), (await bobCandidates.WaitForAsync(e => e.CallId == callId, "alice's candidate at bob")).Candidate.GetRawText());
        await bob.SendIceCandidateAsync(callId, Candidate(2));
        Assert.Equal(Candidate(2).GetRawText(), (await aliceCandidates.WaitForAsync(e => e.CallId == callId, "bob's candidate at alice")).Candidate.GetRawText());

        await alice.EndCallAsync(callId);
        Assert.Equal(CallEndReasons.Ended, (await bobEnded.WaitForAsync(e => e.CallId == callId, "call-ended at bob")).Reason);
        Assert.Equal(CallEndReasons.Ended, (await aliceEnded.WaitForAsync(e => e.CallId == callId, "call-ended at alice")).Reason);
        var record = await bobMessages.WaitForAsync(m => m.Type == "call", "the call record");
        Assert.Equal(UserIdOf(alice), record.FromUserId);
        Assert.Equal(callId, record.Call!.CallId);
        Assert.Equal("completed", record.Call.Outcome);
        Assert.Equal(ChatErrorCodes.NotFound, (await Assert.ThrowsAsync<ChatException>(() => alice.EndCallAsync(callId))).Code);
    }

    [Fact]
    public async Task The_first_answering_connection_wins_and_the_other_hears_answered_elsewhere()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bobId = TestIds.User("bob");
        var phone = await ConnectedAsync(bobId);
        var laptop = await ConnectedAsync(bobId);
        var (phoneRings, laptopRings, laptopEnded, aliceEnded) = (new EventLog<IncomingCallEvent>(), new EventLog<IncomingCallEvent>(), new EventLog<CallEndedEvent>(), new EventLog<CallEndedEvent>());
        phone.IncomingCall += phoneRings.Handler;
        laptop.IncomingCall += laptopRings.Handler;
        laptop.CallEnded += laptopEnded.Handler;
        alice.CallEnded += aliceEnded.Handler;

        var callId = (await alice.CallUserAsync(bobId, CallMedia.Audio, Offer)).CallId;
        await phoneRings.WaitForAsync(e => e.CallId == callId, "ring on the phone");
        await laptopRings.WaitForAsync(e => e.CallId == callId, "ring on the laptop");

        await phone.AnswerCallAsync(callId, Answer);
        Assert.Equal(CallEndReasons.AnsweredElsewhere, (await laptopEnded.WaitForAsync(e => e.CallId == callId, "answered-elsewhere on the laptop")).Reason);
        Assert.Equal(ChatErrorCodes.NotAllowed, (await Assert.ThrowsAsync<ChatException>(() => laptop.AnswerCallAsync(callId, Answer))).Code);

        await phone.EndCallAsync(callId);
        Assert.Equal(CallEndReasons.Ended, (await aliceEnded.WaitForAsync(e => e.CallId == callId, "call-ended at alice")).Reason);
    }

    [Fact]
    public async Task Reject_ends_the_call_on_both_sides_and_strangers_and_bad_calls_are_refused()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var mallory = await ConnectedAsync(TestIds.User("mallory"));
        var (incoming, aliceEnded, aliceMessages) = (new EventLog<IncomingCallEvent>(), new EventLog<CallEndedEvent>(), new EventLog<PrivateMessage>());
        bob.IncomingCall += incoming.Handler;
        alice.CallEnded += aliceEnded.Handler;
        alice.PrivateMessage += aliceMessages.Handler;
        var callId = (await alice.CallUserAsync(UserIdOf(bob), CallMedia.Audio, Offer)).CallId;
        await incoming.WaitForAsync(e => e.CallId == callId, "incoming-call at bob");

        Assert.Equal(ChatErrorCodes.NotFound, (await Assert.ThrowsAsync<ChatException>(() => mallory.AnswerCallAsync(callId, Answer))).Code);
        Assert.Equal(ChatErrorCodes.NotFound, (await Assert.ThrowsAsync<ChatException>(() => mallory.EndCallAsync(callId))).Code);
        Assert.Equal(ChatErrorCodes.NotFound, (await Assert.ThrowsAsync<ChatException>(() => mallory.SendIceCandidateAsync(callId, Candidate(1)))).Code);
        Assert.Equal(ChatErrorCodes.InvalidFormat, (await Assert.ThrowsAsync<ChatException>(() => alice.CallUserAsync(UserIdOf(alice), CallMedia.Audio, Offer))).Code);

        await bob.RejectCallAsync(callId);
        Assert.Equal(CallEndReasons.Rejected, (await aliceEnded.WaitForAsync(e => e.CallId == callId, "call-ended at alice")).Reason);
        Assert.Equal("rejected", (await aliceMessages.WaitForAsync(m => m.Type == "call", "the call record")).Call!.Outcome);
    }

    [Fact]
    public async Task A_dropped_caller_connection_ends_the_call_disconnected_and_ice_servers_are_listed()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"), o => o with { Reconnect = new ReconnectOptions { MaxAttempts = 0 } });
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var (incoming, bobEnded) = (new EventLog<IncomingCallEvent>(), new EventLog<CallEndedEvent>());
        bob.IncomingCall += incoming.Handler;
        bob.CallEnded += bobEnded.Handler;
        var servers = await alice.GetIceServersAsync();
        Assert.Contains(servers.IceServers, s => s.Urls.Contains("stun:stun.example.org:3478"));
        Assert.True(servers.Ttl > 0);

        var callId = (await alice.CallUserAsync(UserIdOf(bob), CallMedia.Audio, Offer)).CallId;
        await incoming.WaitForAsync(e => e.CallId == callId, "incoming-call at bob");
        alice.AbortTransportForTesting();
        Assert.Equal(CallEndReasons.Disconnected, (await bobEnded.WaitForAsync(e => e.CallId == callId, "call-ended at bob")).Reason);
    }

    private static JsonElement Candidate(int n) =>
        Json($$"""{"candidate":"candidate:{{n}} 1 udp 2122260223 192.0.2.1 5000{{n}} typ host","sdpMid":"0","sdpMLineIndex":0}""");

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
