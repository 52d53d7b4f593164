using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Calls that end without a hang-up: busy parties, no answer, a closed connection, a dead gateway.</summary>
[Collection(CallClusterCollection.Name)]
public sealed class CallEndingTests(CallChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Calling_a_user_in_a_call_answers_success_then_busy_and_the_callee_sees_a_missed_call()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        await using var carol = await CallUser.ConnectAsync(_client, "carol");
        var (firstId, first) = CallKit.New(_client);
        await first.Start(CallKit.Request(alice.Session("a1"), bob.Id));

        var (busyId, busy) = CallKit.New(_client);
        var started = await busy.Start(CallKit.Request(carol.Session("c1"), bob.Id, "video"));
        Assert.Equal((ChatError.None, busyId), (started.Error, started.CallId));
        Assert.Equal("c1", (await carol.WaitForAsync(busyId, CallSignalKind.Ended, CallEndReasons.Busy)).TargetSessionId);

        var record = await bob.WaitForRecordAsync(carol.Id, busyId);
        Assert.Equal((carol.Id, CallOutcomes.Missed, CallEndReasons.Busy, "Missed video call"), (record.FromUserId, record.Call!.Outcome, record.Call.Reason, record.Content));
        Assert.Empty(bob.Signals(busyId));
        Assert.Equal(ChatError.NotFound, await busy.Answer(bob.Session("b1"), CallKit.Answer));

        // The first call goes on undisturbed.
        Assert.Equal(ChatError.None, await first.Answer(bob.Session("b1"), CallKit.Answer));
        await alice.WaitForAsync(firstId, CallSignalKind.Answered);
        await first.End(alice.Id, "a1");
    }

    [Fact]
    public async Task A_caller_already_in_a_call_hears_busy_and_nothing_rings_or_is_recorded()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        await using var dave = await CallUser.ConnectAsync(_client, "dave");
        var (firstId, first) = CallKit.New(_client);
        await first.Start(CallKit.Request(alice.Session("a1"), bob.Id));

        var (busyId, busy) = CallKit.New(_client);
        Assert.Equal(ChatError.None, (await busy.Start(CallKit.Request(alice.Session("a2"), dave.Id))).Error);
        Assert.Equal("a2", (await alice.WaitForAsync(busyId, CallSignalKind.Ended, CallEndReasons.Busy)).TargetSessionId);
        await dave.Events.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(300));
        Assert.Empty(dave.Events.Received);
        Assert.Empty(await dave.HistoryWithAsync(alice.Id));

        // Dave's line was never taken: he can place a call at once.
        await using var carol = await CallUser.ConnectAsync(_client, "carol");
        var (daveCallId, daveCall) = CallKit.New(_client);
        await daveCall.Start(CallKit.Request(dave.Session("d1"), carol.Id));
        await carol.WaitForAsync(daveCallId, CallSignalKind.Incoming);
        await daveCall.End(dave.Id, "d1");
        await first.End(alice.Id, "a1");
        await bob.WaitForAsync(firstId, CallSignalKind.Ended, CallEndReasons.Ended);
    }

    [Fact]
    public async Task An_unanswered_call_ends_with_no_answer_after_the_ring_timeout_and_is_missed()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        var started = DateTime.UtcNow;
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id, "video"));

        Assert.Equal("a1", (await alice.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.NoAnswer)).TargetSessionId);
        Assert.Null((await bob.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.NoAnswer)).TargetSessionId);
        Assert.True(DateTime.UtcNow - started >= CallChatCluster.RingTimeout - TimeSpan.FromMilliseconds(100), "ended before the ring timeout");

        var record = await bob.WaitForRecordAsync(alice.Id, callId);
        Assert.Equal((CallOutcomes.Missed, CallEndReasons.NoAnswer, 0L), (record.Call!.Outcome, record.Call.Reason, record.Call.DurationMs));
        Assert.Equal(ChatError.NotFound, await call.Answer(bob.Session("b1"), CallKit.Answer));
    }

    [Fact]
    public async Task The_callers_connection_closing_before_the_answer_ends_the_call_disconnected()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));
        await bob.WaitForAsync(callId, CallSignalKind.Incoming);

        // A callee connection (or another of the caller's) closing leaves the call ringing.
        await call.SessionClosed(bob.Id, "b1");
        await call.SessionClosed(alice.Id, "a2");
        Assert.Equal(ChatError.None, await call.Candidate(alice.Id, "a1", CallKit.Candidate(1)));

        await call.SessionClosed(alice.Id, "a1");
        await bob.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Disconnected);
        var record = await bob.WaitForRecordAsync(alice.Id, callId);
        Assert.Equal((CallOutcomes.Missed, CallEndReasons.Disconnected), (record.Call!.Outcome, record.Call.Reason));
    }

    [Fact]
    public async Task The_answering_connection_closing_ends_an_answered_call_as_completed()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));
        await call.Answer(bob.Session("b2"), CallKit.Answer);

        await call.SessionClosed(bob.Id, "b1");
        Assert.Equal(ChatError.None, await call.Candidate(alice.Id, "a1", CallKit.Candidate(1)));
        await call.SessionClosed(bob.Id, "b2");
        Assert.Equal("a1", (await alice.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Disconnected)).TargetSessionId);
        var record = await alice.WaitForRecordAsync(bob.Id, callId);
        Assert.Equal((CallOutcomes.Completed, CallEndReasons.Disconnected), (record.Call!.Outcome, record.Call.Reason));
    }

    [Fact]
    public async Task A_caller_whose_gateway_holds_no_presence_lease_is_found_by_the_liveness_check()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice", holdsLease: false);
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));

        await bob.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Disconnected);
        Assert.Equal(CallOutcomes.Missed, (await bob.WaitForRecordAsync(alice.Id, callId)).Call!.Outcome);
        Assert.Equal(ChatError.NotFound, await call.Answer(bob.Session("b1"), CallKit.Answer));
    }

    [Fact]
    public async Task An_answering_callee_whose_gateway_died_ends_the_call_disconnected_for_the_caller()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));

        // Ringing: only the caller's gateway is checked, so bob's dead one does not matter yet.
        var deadGateway = bob.Session("b1") with { GatewayId = TestIds.Gateway() };
        await Task.Delay(CallChatCluster.LivenessInterval * 1.5);
        Assert.Equal(ChatError.None, await call.Answer(deadGateway, CallKit.Answer));

        Assert.Equal("a1", (await alice.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Disconnected)).TargetSessionId);
        Assert.Equal(CallOutcomes.Completed, (await alice.WaitForRecordAsync(bob.Id, callId)).Call!.Outcome);
    }

    [Fact]
    public async Task A_line_held_by_a_call_that_stopped_refreshing_it_frees_itself()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");

        // A call lost with its silo: it took bob's line and will never refresh or release it.
        Assert.True(await _client.GetGrain<ICallLineGrain>(bob.Id).TryOccupy("lost-call"));
        var (busyId, busy) = CallKit.New(_client);
        await busy.Start(CallKit.Request(alice.Session("a1"), bob.Id));
        await alice.WaitForAsync(busyId, CallSignalKind.Ended, CallEndReasons.Busy);

        // Past the expiry with a margin: the delay starts only milliseconds after the occupy, and a timer
        // can end a millisecond early on the grain's wall clock (CI once found the line still held).
        await Task.Delay(CallChatCluster.LivenessInterval * CallLineGrain.TtlFactor + CallChatCluster.LivenessInterval / 2);
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));
        await bob.WaitForAsync(callId, CallSignalKind.Incoming);
        await call.End(alice.Id, "a1");
    }
}
