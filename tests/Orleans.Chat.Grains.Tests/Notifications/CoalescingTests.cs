using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Xunit.Abstractions;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>Per-user coalescing at the default Notifications:Debounce (2 s).</summary>
[Collection(DefaultNotificationsCollection.Name)]
public sealed class CoalescingTests(DefaultNotificationsCluster fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly WebhookReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task A_burst_of_50_private_messages_becomes_a_few_calls_that_count_them_all()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.User("bob"));
        var started = _receiver.Now;
        for (var seq = 1; seq <= 50; seq++)
        {
            await fixture.PublishAsync(ChatEvents.Private(alice, bob, $"m{seq}", seq));
        }

        var first = (await _receiver.WaitForAsync(bob, 1, Patience))[0];
        output.WriteLine($"first publish to webhook call, Debounce 2 s: {(first.At - started).TotalMilliseconds:F0} ms");
        var deadline = DateTime.UtcNow + Patience;
        while (_receiver.CallsFor(bob).Sum(call => call.Json.GetProperty("count").GetInt32()) < 50 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var calls = _receiver.CallsFor(bob);
        output.WriteLine($"calls: {calls.Count}, counts {string.Join(", ", calls.Select(call => call.Json.GetProperty("count").GetInt32()))}");
        Assert.InRange(calls.Count, 1, 3);
        Assert.Equal(50, calls.Sum(call => call.Json.GetProperty("count").GetInt32()));
        Assert.Equal("m50", calls[^1].Json.GetProperty("message").GetProperty("content").GetString());
        Assert.True(first.At - started >= TimeSpan.FromSeconds(1.9), $"the first call came after {first.At - started}, before the debounce");
    }

    [Fact]
    public async Task A_user_who_comes_online_during_the_debounce_gets_nothing()
    {
        var (alice, dave, erin) = (TestIds.UserRef("alice"), TestIds.UserRef("dave"), TestIds.User("erin"));
        await fixture.PublishAsync(ChatEvents.Private(alice, dave.Id, "are you there"));
        await fixture.PublishAsync(ChatEvents.Private(alice, erin, "and you"));
        await Task.Delay(500);
        await TestPresence.Of(fixture.Client, dave.Id).Connect(TestIds.Gateway(), dave);

        await _receiver.WaitForAsync(erin, 1, Patience);
        await Task.Delay(300);
        Assert.Empty(_receiver.CallsFor(dave.Id));
    }

    [Fact]
    public async Task A_private_message_through_the_grains_is_sent_once_the_debounce_has_passed()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var started = _receiver.Now;
        var sent = await fixture.Client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, bob.Id))
            .Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = bob.Id, Content = "later is fine" });

        var call = Assert.Single(await _receiver.WaitForAsync(bob.Id, 1, Patience));
        output.WriteLine($"send to webhook call, Debounce 2 s: {(call.At - started).TotalMilliseconds:F0} ms");
        Assert.Equal(ChatError.None, sent.Error);
        Assert.Equal(sent.MessageId, call.Json.GetProperty("message").GetProperty("id").GetString());
        Assert.InRange(call.At - started, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6));
    }
}
