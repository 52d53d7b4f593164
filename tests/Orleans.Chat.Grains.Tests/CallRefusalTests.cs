using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>What a call refuses, as an attacker would try it, and that a refusal changes nothing.</summary>
[Collection(CallClusterCollection.Name)]
public sealed class CallRefusalTests(CallChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task An_unknown_call_is_not_found_for_every_request()
    {
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (_, call) = CallKit.New(_client);

        Assert.Equal(ChatError.NotFound, await call.Answer(bob.Session("b1"), CallKit.Answer));
        Assert.Equal(ChatError.NotFound, await call.Candidate(bob.Id, "b1", CallKit.Candidate(1)));
        Assert.Equal(ChatError.NotFound, await call.Reject(bob.Id));
        Assert.Equal(ChatError.NotFound, await call.End(bob.Id, "b1"));
        await call.SessionClosed(bob.Id, "b1");
        Assert.Empty(bob.Events.Received);
    }

    [Fact]
    public async Task Someone_who_is_not_a_party_finds_no_call_and_changes_nothing()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        await using var mallory = await CallUser.ConnectAsync(_client, "mallory");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));

        Assert.Equal(ChatError.NotFound, await call.Answer(mallory.Session("m1"), CallKit.Answer));
        Assert.Equal(ChatError.NotFound, await call.Candidate(mallory.Id, "m1", CallKit.Candidate(1)));
        Assert.Equal(ChatError.NotFound, await call.Reject(mallory.Id));
        Assert.Equal(ChatError.NotFound, await call.End(mallory.Id, "m1"));
        Assert.Equal(ChatError.NotFound, (await call.Start(CallKit.Request(mallory.Session("m1"), bob.Id))).Error);

        // A stolen session id of the caller is no use without the caller's user.
        Assert.Equal(ChatError.NotFound, await call.End(mallory.Id, "a1"));
        await call.SessionClosed(mallory.Id, "a1");

        // The call still rings and connects.
        Assert.Equal(ChatError.None, await call.Answer(bob.Session("b1"), CallKit.Answer));
        await alice.WaitForAsync(callId, CallSignalKind.Answered);
        Assert.Empty(mallory.Events.Received);
        await call.End(alice.Id, "a1");
    }

    [Fact]
    public async Task A_retried_start_from_the_calling_connection_answers_the_same_without_ringing_again()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));
        var again = await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));
        Assert.Equal((ChatError.None, callId), (again.Error, again.CallId));

        await bob.WaitForAsync(callId, CallSignalKind.Incoming);
        await bob.Events.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(300));
        Assert.Single(bob.Signals(callId));
        await call.End(alice.Id, "a1");
    }

    [Fact]
    public async Task Malformed_starts_are_invalid_format_and_leave_the_call_id_unused()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        var caller = alice.Session("a1");
        CallStartRequest[] malformed =
        [
            CallKit.Request(caller, alice.Id),
            CallKit.Request(caller, bob.Id, media: "screen"),
            CallKit.Request(caller, bob.Id, offer: ""),
            CallKit.Request(caller, bob.Id, offer: "   "),
            CallKit.Request(caller, bob.Id, offer: new string('x', CallPayloads.MaxDescriptionChars + 1)),
            CallKit.Request(caller, ""),
            CallKit.Request(caller, " " + bob.Id),
            CallKit.Request(caller, new string('u', CallPayloads.MaxUserIdChars + 1)),
            CallKit.Request(caller with { SessionId = "" }, bob.Id),
            CallKit.Request(caller with { GatewayId = "" }, bob.Id),
        ];
        foreach (var request in malformed)
        {
            Assert.Equal(ChatError.InvalidFormat, (await call.Start(request)).Error);
        }

        // Nothing rang, no line is held: the same id still starts a proper call.
        Assert.Empty(bob.Events.Received);
        Assert.Equal(ChatError.None, (await call.Start(CallKit.Request(caller, bob.Id, offer: new string('x', CallPayloads.MaxDescriptionChars)))).Error);
        await bob.WaitForAsync(callId, CallSignalKind.Incoming);
        await call.End(alice.Id, "a1");
    }

    [Fact]
    public async Task Oversized_or_empty_answers_and_candidates_are_invalid_format_and_change_nothing()
    {
        await using var alice = await CallUser.ConnectAsync(_client, "alice");
        await using var bob = await CallUser.ConnectAsync(_client, "bob");
        var (callId, call) = CallKit.New(_client);
        await call.Start(CallKit.Request(alice.Session("a1"), bob.Id));

        Assert.Equal(ChatError.InvalidFormat, await call.Answer(bob.Session("b1"), new string('x', CallPayloads.MaxDescriptionChars + 1)));
        Assert.Equal(ChatError.InvalidFormat, await call.Answer(bob.Session("b1"), ""));
        Assert.Equal(ChatError.InvalidFormat, await call.Candidate(alice.Id, "a1", new string('x', CallPayloads.MaxCandidateChars + 1)));
        Assert.Equal(ChatError.InvalidFormat, await call.Candidate(alice.Id, "a1", " "));

        // Still ringing, nothing buffered: another connection may answer and receives no candidate.
        Assert.Equal(ChatError.None, await call.Answer(bob.Session("b2"), CallKit.Answer));
        await alice.WaitForAsync(callId, CallSignalKind.Answered);
        Assert.Equal(ChatError.InvalidFormat, await call.Candidate(bob.Id, "b2", new string('x', CallPayloads.MaxCandidateChars + 1)));
        await alice.Events.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(bob.Signals(callId), e => e.Call!.Kind == CallSignalKind.Candidate);
        Assert.DoesNotContain(alice.Signals(callId), e => e.Call!.Kind == CallSignalKind.Candidate);
        await call.End(alice.Id, "a1");
    }

    [Fact]
    public async Task A_conversation_takes_type_call_only_with_a_call_record_and_a_record_only_as_type_call()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = _client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, bob.Id));
        var record = new CallRecord { CallId = "c1", Media = "audio", Outcome = CallOutcomes.Missed, Reason = CallEndReasons.NoAnswer };
        SendPrivateMessageRequest[] refused =
        [
            new() { Sender = alice, RecipientId = bob.Id, Content = "Missed audio call", Type = "call" },
            new() { Sender = alice, RecipientId = bob.Id, Content = "hello", Call = record },
            new() { Sender = alice, RecipientId = bob.Id, Content = "x", Type = "call", Call = record with { Outcome = "won" } },
            new() { Sender = alice, RecipientId = bob.Id, Content = "x", Type = "call", Call = record with { Media = "hologram" } },
            new() { Sender = alice, RecipientId = bob.Id, Content = "x", Type = "call", Call = record with { DurationMs = -1 } },
        ];
        foreach (var request in refused)
        {
            Assert.Equal(ChatError.InvalidFormat, (await conversation.Send(request)).Error);
        }

        var self = _client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, alice.Id));
        Assert.Equal(ChatError.InvalidFormat, (await self.Send(new() { Sender = alice, RecipientId = alice.Id, Content = "x", Type = "call", Call = record })).Error);
        Assert.Empty((await conversation.GetHistory(new ConversationHistoryRequest { UserId = alice.Id })).Messages);
    }
}
