using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Orleans.Chat.Model;
using Xunit.Abstractions;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>The webhook call itself against a real receiver: signature, body, retries, dead letters, isolation.</summary>
[Collection(ImmediateNotificationsCollection.Name)]
public sealed class WebhookDeliveryTests(ImmediateNotificationsCluster fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly WebhookReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task The_call_is_signed_over_the_exact_body_and_carries_the_latest_message()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.User("bob"));
        var started = _receiver.Now;
        var sent = ChatEvents.Private(alice, bob, "hello bob");
        await fixture.PublishAsync(sent);

        var call = Assert.Single(await _receiver.WaitForAsync(bob, 1, Patience));
        output.WriteLine($"publish to webhook call, Debounce 0: {(call.At - started).TotalMilliseconds:F0} ms");

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(NotificationsClusterFixture.Secret), call.Body));
        Assert.Equal(expected, call.Headers["X-OrleansChat-Signature"]);
        var forged = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("another secret"), call.Body));
        Assert.NotEqual(forged, call.Headers["X-OrleansChat-Signature"]);
        Assert.StartsWith("application/json", call.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", call.Headers["X-OrleansChat-Delivery"]);
        Assert.Equal("1", call.Headers["X-OrleansChat-Attempt"]);

        var json = call.Json;
        Assert.Equal(("private-message", bob, 1), (json.GetProperty("type").GetString(), json.GetProperty("userId").GetString(), json.GetProperty("count").GetInt32()));
        var message = json.GetProperty("message");
        Assert.Equal(sent.PrivateMessage!.Id, message.GetProperty("id").GetString());
        Assert.Equal(ConversationIds.For(alice.Id, bob), message.GetProperty("conversationId").GetString());
        Assert.Equal((alice.Id, alice.Name), (message.GetProperty("fromUserId").GetString(), message.GetProperty("fromUser").GetProperty("name").GetString()));
        Assert.Equal(("hello bob", sent.PrivateMessage.Timestamp), (message.GetProperty("content").GetString(), message.GetProperty("timestamp").GetInt64()));
    }

    [Fact]
    public async Task Content_is_cut_to_200_characters()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.User("bob"));
        await fixture.PublishAsync(ChatEvents.Private(alice, bob, new string('x', 150) + new string('y', 350)));

        var call = Assert.Single(await _receiver.WaitForAsync(bob, 1, Patience));
        Assert.Equal(new string('x', 150) + new string('y', 50), call.Json.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_the_receiver_accepts()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.User("bob"));
        _receiver.Script(bob, new Reply(500), new Reply(500));
        await fixture.PublishAsync(ChatEvents.Private(alice, bob, "retry me"));

        var calls = await _receiver.WaitForAsync(bob, 3, Patience);
        await Task.Delay(300);
        Assert.Equal(3, _receiver.CallsFor(bob).Count);
        Assert.Single(calls.Select(call => call.Headers["X-OrleansChat-Delivery"]).Distinct());
        Assert.Equal(["1", "2", "3"], calls.Select(call => call.Headers["X-OrleansChat-Attempt"]));
        Assert.All(calls, call => Assert.Equal(calls[0].Body, call.Body));
        var gaps = calls.Zip(calls.Skip(1), (a, b) => b.At - a.At).ToList();
        output.WriteLine($"retry gaps (ceilings 50, 100 ms + jitter): {string.Join(", ", gaps.Select(gap => $"{gap.TotalMilliseconds:F0} ms"))}");

        // Full jitter: each wait is drawn below its ceiling (50 ms, then 100 ms); the slack is scheduling.
        Assert.True(gaps[0] < TimeSpan.FromMilliseconds(50 + 250), $"first wait {gaps[0]}");
        Assert.True(gaps[1] < TimeSpan.FromMilliseconds(100 + 250), $"second wait {gaps[1]}");
    }

    [Fact]
    public async Task Too_many_requests_waits_for_retry_after_capped_at_max_backoff()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.User("bob"));
        _receiver.Script(bob, new Reply(429, RetryAfterSeconds: 1));
        await fixture.PublishAsync(ChatEvents.Private(alice, bob, "slow down"));

        var calls = await _receiver.WaitForAsync(bob, 2, Patience);
        var gap = calls[1].At - calls[0].At;
        output.WriteLine($"429 with Retry-After 1 s, MaxBackoff 400 ms: waited {gap.TotalMilliseconds:F0} ms");

        // The first backoff's ceiling is 50 ms: a wait near 400 ms is Retry-After, cut to MaxBackoff.
        Assert.InRange(gap, ImmediateNotificationsCluster.MaxBackoff - TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_ends_in_the_dead_letter_log_after_max_attempts()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.User("bob"));
        _receiver.Script(bob, [.. Enumerable.Repeat(new Reply(503), 10)]);
        await fixture.PublishAsync(ChatEvents.Private(alice, bob, "never delivered"));

        var calls = await _receiver.WaitForAsync(bob, ImmediateNotificationsCluster.MaxAttempts, Patience);
        var line = await DeadLetterAsync(bob);
        var deliveryId = calls[0].Headers["X-OrleansChat-Delivery"];
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, line.Level);
        Assert.Contains(deliveryId, line.Message, StringComparison.Ordinal);
        Assert.Contains($"{ImmediateNotificationsCluster.MaxAttempts} attempts, last status 503", line.Message, StringComparison.Ordinal);
        Assert.Contains("private-message", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never delivered", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationsClusterFixture.Secret, line.Message, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Equal(ImmediateNotificationsCluster.MaxAttempts, _receiver.CallsFor(bob).Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.User("bob"));
        _receiver.Script(bob, new Reply(400));
        await fixture.PublishAsync(ChatEvents.Private(alice, bob, "bad request"));

        var line = await DeadLetterAsync(bob);
        Assert.Contains("1 attempts, last status 400", line.Message, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(_receiver.CallsFor(bob));
    }

    [Fact]
    public async Task A_slow_receiver_delays_neither_other_users_notifications_nor_the_chat()
    {
        var (alice, slow, quick, other) = (TestIds.UserRef("alice"), TestIds.User("slow"), TestIds.UserRef("quick"), TestIds.User("other"));
        var conversation = fixture.Client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, quick.Id));

        // Activated before the clock starts: the ack measured below is a send's, not a cold start's.
        await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = quick.Id, Content = "warm up" });
        _receiver.Delay(slow, TimeSpan.FromSeconds(5));
        await fixture.PublishAsync(ChatEvents.Private(alice, slow, "take your time"));
        await _receiver.WaitForAsync(slow, 1, Patience);

        var started = _receiver.Now;
        await fixture.PublishAsync(ChatEvents.Private(alice, other, "me first"));
        var call = Assert.Single(await _receiver.WaitForAsync(other, 1, TimeSpan.FromSeconds(2)));
        output.WriteLine($"another user's call while a 5 s call is open: {(call.At - started).TotalMilliseconds:F0} ms");

        var send = Stopwatch.StartNew();
        var result = await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = quick.Id, Content = "acked fast" });
        send.Stop();
        output.WriteLine($"private message send ack while the slow call is open: {send.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(ChatError.None, result.Error);
        Assert.True(send.Elapsed < TimeSpan.FromSeconds(1), $"send took {send.Elapsed}");
        Assert.True(_receiver.Now - started < TimeSpan.FromSeconds(4), "the slow call should still be open");
    }

    private static async Task<(string Category, Microsoft.Extensions.Logging.EventId Id, Microsoft.Extensions.Logging.LogLevel Level, string Message)> DeadLetterAsync(string userId)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var line = SiloLogRecorder.Lines.FirstOrDefault(line => line.Id.Id == 4701 && line.Message.Contains(userId, StringComparison.Ordinal));
            if (line.Message is not null)
            {
                return line;
            }

            Assert.True(deadline.Elapsed < Patience, $"no dead-letter line for {userId}");
            await Task.Delay(20);
        }
    }
}
