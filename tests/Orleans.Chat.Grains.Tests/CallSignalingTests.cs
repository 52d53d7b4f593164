using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>A call from ring to record, with the signals observed as a gateway subscribed to each user receives them.</summary>
[Collection(CallClusterCollection.Name)]
public sealed class CallSignalingTests(CallChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task An_answered_call_relays_offer_answer_and_candidates_then_records_a_completed_call()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);

        var started = await call.Start(CallKit.Request(alice.Session("a1"), bob.Id, "video"));
        Assert.Equal((ChatError.None, callId), (started.Error, started.CallId));

        // Every connection of the callee rings: no session named.
        var incoming = await bob.WaitForAsync(callId, CallSignalKind.Incoming);
        Assert.Equal((alice.User, "video", CallKit.Offer), (incoming.Call!.From, incoming.Call.Media, incoming.Call.PayloadJson));
        Assert.Equal((null, null), (incoming.TargetSessionId, incoming.ExceptSessionId));

        // The caller's candidates wait for the answer.
        Assert.Equal(ChatError.None, await call.Candidate(alice.Id, "a1", CallKit.Candidate(1)));
        Assert.Equal(ChatError.None, await call.Candidate(alice.Id, "a1", CallKit.Candidate(2)));

        // Bob answers on his second connection b2.
        Assert.Equal(ChatError.None, await call.Answer(bob.Session("b2"), CallKit.Answer));
        var answered = await alice.WaitForAsync(callId, CallSignalKind.Answered);
        Assert.Equal((CallKit.Answer, "a1"), (answered.Call!.PayloadJson, answered.TargetSessionId));
        var elsewhere = await bob.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.AnsweredElsewhere);
        Assert.Equal((null, "b2"), (elsewhere.TargetSessionId, elsewhere.ExceptSessionId));

        await bob.Events.WaitUntilAsync(_ => Candidates(bob, callId).Count == 2, "the held candidates");
        // Live events may overtake each other on the way: a candidate set, not a sequence (ICE takes them in any order).
        Assert.Equal([CallKit.Candidate(1), CallKit.Candidate(2)], Candidates(bob, callId).Select(e => e.Call!.PayloadJson).Order());
        Assert.All(Candidates(bob, callId), e => Assert.Equal("b2", e.TargetSessionId));

        // After the answer candidates flow both ways at once, between a1 and b2 only.
        Assert.Equal(ChatError.None, await call.Candidate(alice.Id, "a1", CallKit.Candidate(3)));
        Assert.Equal(ChatError.None, await call.Candidate(bob.Id, "b2", CallKit.Candidate(4)));
        await bob.Events.WaitUntilAsync(_ => Candidates(bob, callId).Count == 3, "the caller's next candidate");
        var fromBob = await alice.Events.WaitForAsync(e => e.Call?.Kind == CallSignalKind.Candidate, "the callee's candidate");
        Assert.Equal((CallKit.Candidate(4), "a1"), (fromBob.Call!.PayloadJson, fromBob.TargetSessionId));
        Assert.Equal(ChatError.NotFound, await call.Candidate(bob.Id, "b1", CallKit.Candidate(5)));

        await Task.Delay(250);
        Assert.Equal(ChatError.None, await call.End(alice.Id, "a1"));
        var aliceEnded = await alice.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Ended);
        var bobEnded = await bob.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Ended);
        Assert.Equal(("a1", "b2"), (aliceEnded.TargetSessionId, bobEnded.TargetSessionId));

        var record = await bob.WaitForRecordAsync(alice.Id, callId);
        Assert.Equal(("call", alice.Id, bob.Id), (record.Type, record.FromUserId, record.ToUserId));
        Assert.Equal((CallOutcomes.Completed, CallEndReasons.Ended, "video"), (record.Call!.Outcome, record.Call.Reason, record.Call.Media));
        Assert.InRange(record.Call.DurationMs, 250, 10_000);
        Assert.StartsWith("Video call (0:0", record.Content, StringComparison.Ordinal);

        // Later requests find no call.
        Assert.Equal(ChatError.NotFound, await call.End(bob.Id, "b2"));
        Assert.Equal(ChatError.NotFound, await call.Candidate(alice.Id, "a1", CallKit.Candidate(6)));
    }

    [Fact]
    public async Task The_record_reaches_the_callee_live_and_as_unread_and_cannot_be_edited()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id, "audio"));
        Assert.Equal(ChatError.None, await call.End(alice.Id, "a1"));

        var pushed = await bob.Events.WaitForAsync(e => e.Kind == UserEventKind.PrivateMessage && e.PrivateMessage!.Call?.CallId == callId, "the record pushed");
        Assert.Equal((CallOutcomes.Missed, CallEndReasons.Ended, 0L), (pushed.PrivateMessage!.Call!.Outcome, pushed.PrivateMessage.Call.Reason, pushed.PrivateMessage.Call.DurationMs));
        Assert.Equal("Missed audio call", pushed.PrivateMessage.Content);

        var conversation = _client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, bob.Id));
        var unread = await conversation.GetUnread(bob.Id, 10);
        Assert.Equal(callId, Assert.Single(unread).Call?.CallId);

        var seq = unread[0].Seq;
        var edit = await conversation.Edit(new EditMessageRequest { User = alice.User, Seq = seq, Content = "I never called" });
        Assert.Equal(ChatError.NotAllowed, edit.Error);
        Assert.Equal("Missed audio call", (await alice.HistoryWithAsync(bob.Id)).Single().Content);

        // The caller may delete it like any message of theirs; the tombstone keeps no record.
        var deleted = await conversation.Delete(new DeleteMessageRequest { User = alice.User, Seq = seq });
        Assert.Equal(ChatError.None, deleted.Error);
        var tombstone = (await alice.HistoryWithAsync(bob.Id)).Single();
        Assert.Equal((true, null), (tombstone.Deleted, tombstone.Call));
    }

    [Fact]
    public async Task A_rejected_call_ends_on_both_sides_and_is_recorded_rejected()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id, "audio"));
        await bob.WaitForAsync(callId, CallSignalKind.Incoming);

        Assert.Equal(ChatError.NotAllowed, await call.Reject(alice.Id));
        Assert.Equal(ChatError.None, await call.Reject(bob.Id));

        Assert.Equal("a1", (await alice.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Rejected)).TargetSessionId);
        Assert.Null((await bob.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Rejected)).TargetSessionId);
        var record = await alice.WaitForRecordAsync(bob.Id, callId);
        Assert.Equal((CallOutcomes.Rejected, CallEndReasons.Rejected, "Declined audio call"), (record.Call!.Outcome, record.Call.Reason, record.Content));
        Assert.Equal(ChatError.NotFound, await call.Answer(bob.Session("b1"), CallKit.Answer));
    }

    [Fact]
    public async Task Hanging_up_a_ringing_call_from_a_callee_connection_declines_it()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id, "audio"));

        // The caller's other connection has no part in the call.
        Assert.Equal(ChatError.NotFound, await call.End(alice.Id, "a2"));
        Assert.Equal(ChatError.None, await call.End(bob.Id, "b7"));
        await alice.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Rejected);
        Assert.Equal(CallOutcomes.Rejected, (await alice.WaitForRecordAsync(bob.Id, callId)).Call!.Outcome);
    }

    [Fact]
    public async Task Candidates_past_the_buffer_cap_before_the_answer_are_dropped()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id, "video"));
        for (var i = 1; i <= CallChatCluster.MaxBufferedCandidates + 2; i++)
        {
            Assert.Equal(ChatError.None, await call.Candidate(alice.Id, "a1", CallKit.Candidate(i)));
        }

        Assert.Equal(ChatError.None, await call.Answer(bob.Session("b1"), CallKit.Answer));
        // Incoming, answered-elsewhere (to bob's other connections) and the held candidates, then nothing.
        await bob.Events.WaitUntilAsync(_ => bob.Signals(callId).Count == 2 + CallChatCluster.MaxBufferedCandidates, "the held candidates");
        await bob.Events.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(
            Enumerable.Range(1, CallChatCluster.MaxBufferedCandidates).Select(CallKit.Candidate),
            Candidates(bob, callId).Select(e => e.Call!.PayloadJson).Order());
        await call.End(bob.Id, "b1");
    }

    [Fact]
    public async Task The_first_answer_wins_and_the_line_is_free_again_after_the_end()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id, "audio"));

        Assert.Equal(ChatError.NotAllowed, await call.Answer(alice.Session("a1"), CallKit.Answer));
        Assert.Equal(ChatError.None, await call.Answer(bob.Session("b1"), CallKit.Answer));
        Assert.Equal(ChatError.NotAllowed, await call.Answer(bob.Session("b2"), CallKit.Answer));
        Assert.Equal(ChatError.None, await call.Answer(bob.Session("b1"), CallKit.Answer));
        await alice.WaitForAsync(callId, CallSignalKind.Answered);
        Assert.Single(alice.Signals(callId), e => e.Call!.Kind == CallSignalKind.Answered);

        Assert.Equal(ChatError.None, await call.End(bob.Id, "b1"));
        await alice.WaitForAsync(callId, CallSignalKind.Ended, CallEndReasons.Ended);

        // Both lines were released: bob calls alice back at once and it rings.
        var (againId, again) = CallKit.New(_client);
        Assert.Equal(ChatError.None, (await again.Start(CallKit.Request(bob.Session("b1"), alice.Id, "video"))).Error);
        await alice.WaitForAsync(againId, CallSignalKind.Incoming);
        await again.End(bob.Id, "b1");
    }

    private static List<UserEvent> Candidates(CallUser user, string callId) =>
        [.. user.Signals(callId).Where(e => e.Call!.Kind == CallSignalKind.Candidate)];
}
