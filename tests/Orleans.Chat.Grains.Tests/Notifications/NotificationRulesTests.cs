using System.Net.Http.Headers;
using System.Text;
using Orleans.Chat.Grains.Notifications;
using Orleans.Chat.Hosting.Notifications;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>Mention parsing, the retry schedule and the signature helper, without a cluster.</summary>
public sealed class NotificationRulesTests
{
    [Fact]
    public void Mentions_are_distinct_ids_after_an_at_sign_that_starts_a_word()
    {
        Assert.Equal(["bob", "bob,", "carol.", "carol", "d-1)", "d-1"], Mentions.Find("@bob hi @bob, @carol. mail me at x@evil.org (@d-1)", 20));
        Assert.Equal(["a"], Mentions.Find("@a@b", 20));
        Assert.Empty(Mentions.Find("@ @\u200b nothing@here", 20));
        Assert.Empty(Mentions.Find("@" + new string('x', 300), 20));
    }

    [Fact]
    public void Mentions_stop_at_the_cap()
    {
        var content = string.Join(' ', Enumerable.Range(0, 500).Select(i => $"@u{i}"));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"u{i}"), Mentions.Find(content, 20));
        Assert.Empty(Mentions.Find(content, 0));
    }

    [Fact]
    public void Backoff_ceilings_double_from_the_initial_value_up_to_the_max()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), () => 0.999999);

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300], Enumerable.Range(1, 11).Select(attempt => (int)schedule.Ceiling(attempt).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.Ceiling(1000));
        Assert.InRange(schedule.Delay(3, null, DateTimeOffset.UnixEpoch), TimeSpan.FromSeconds(3.99), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void Jitter_draws_anywhere_below_the_ceiling()
    {
        var draws = new Queue<double>([0.0, 0.5]);
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), draws.Dequeue);

        Assert.Equal(TimeSpan.Zero, schedule.Delay(4, null, DateTimeOffset.UnixEpoch));
        Assert.Equal(TimeSpan.FromSeconds(4), schedule.Delay(4, null, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Retry_after_wins_over_the_backoff_and_is_capped_at_the_max()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), () => 0.5);
        var now = DateTimeOffset.UnixEpoch;

        Assert.Equal(TimeSpan.FromSeconds(30), schedule.Delay(1, new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)), now));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.Delay(1, new RetryConditionHeaderValue(TimeSpan.FromHours(2)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), schedule.Delay(1, new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, schedule.Delay(1, new RetryConditionHeaderValue(now.AddSeconds(-90)), now));
    }

    [Fact]
    public void The_signature_is_the_lowercase_hex_hmac_of_the_body()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"mention\"}");

        // HMAC-SHA256("key", body) computed independently with `openssl dgst -sha256 -hmac key`.
        var signature = WebhookSignature.Sign(Encoding.UTF8.GetBytes("key"), body);
        Assert.Equal("sha256=77713aa0b5fc31afff23d844181c04cb87a7800b905b966054a86ac22fa8bd36", signature);
        Assert.True(WebhookSignature.Verify("key", body, signature));
        Assert.False(WebhookSignature.Verify("kez", body, signature));
        Assert.False(WebhookSignature.Verify("key", body, signature.ToUpperInvariant()));
        Assert.False(WebhookSignature.Verify("key", body, null));
    }

    [Fact]
    public void Content_is_cut_without_splitting_a_surrogate_pair()
    {
        Assert.Equal("ab", NotificationBody.Truncate("ab\U0001F600", 3));
        Assert.Equal("ab\U0001F600", NotificationBody.Truncate("ab\U0001F600c", 4));
        Assert.Equal("abc", NotificationBody.Truncate("abc", 200));
    }
}
