using Orleans.Chat.Client.Internal;

namespace Orleans.Chat.Client.Tests.Unit;

public sealed class BackoffTests
{
    private static readonly ReconnectOptions Options = new()
    {
        MinDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(1),
        Jitter = 0.5,
    };

    [Theory]
    [InlineData(0, 0.0, 100)]
    [InlineData(1, 0.0, 200)]
    [InlineData(3, 0.0, 800)]
    [InlineData(4, 0.0, 1000)]
    [InlineData(50, 0.0, 1000)]
    [InlineData(1, 1.0, 100)]
    [InlineData(4, 0.5, 750)]
    public void Delays_double_up_to_the_maximum_and_jitter_shortens_them(int attempt, double random, double expectedMs) =>
        Assert.Equal(expectedMs, Backoff.Delay(Options, attempt, random).TotalMilliseconds, precision: 6);
}
