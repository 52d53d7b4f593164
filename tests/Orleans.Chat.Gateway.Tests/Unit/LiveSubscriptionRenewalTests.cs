using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>The renewal runs once per lease period of the gateway's clock, and a failed pass does not stop the next.</summary>
public sealed class LiveSubscriptionRenewalTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Renews_once_per_period_of_the_clock()
    {
        var time = new FakeTimeProvider();
        using var renewed = new SemaphoreSlim(0);
        using var renewal = new LiveSubscriptionRenewal(() => Renewed(renewed), time, NullLogger.Instance);
        await renewal.StartAsync(CancellationToken.None);

        time.Advance(LiveEventLease.RenewPeriod - TimeSpan.FromMilliseconds(1));
        Assert.False(await renewed.WaitAsync(Settle));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await renewed.WaitAsync(Patience));
        Assert.False(await renewed.WaitAsync(Settle));

        time.Advance(LiveEventLease.RenewPeriod);
        Assert.True(await renewed.WaitAsync(Patience));
        await renewal.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_pass_is_followed_by_the_next()
    {
        var time = new FakeTimeProvider();
        using var attempted = new SemaphoreSlim(0);
        using var renewed = new SemaphoreSlim(0);
        var passes = 0;
        using var renewal = new LiveSubscriptionRenewal(
            () =>
            {
                attempted.Release();
                return Interlocked.Increment(ref passes) == 1 ? throw new InvalidOperationException("silo gone") : Renewed(renewed);
            },
            time,
            NullLogger.Instance);
        await renewal.StartAsync(CancellationToken.None);

        time.Advance(LiveEventLease.RenewPeriod);
        Assert.True(await attempted.WaitAsync(Patience));
        time.Advance(LiveEventLease.RenewPeriod);

        Assert.True(await renewed.WaitAsync(Patience));
        Assert.Equal(2, Volatile.Read(ref passes));
        await renewal.StopAsync(CancellationToken.None);
    }

    private static Task Renewed(SemaphoreSlim renewed)
    {
        renewed.Release();
        return Task.CompletedTask;
    }
}
