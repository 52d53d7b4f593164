namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>Polling for state that no event announces (HTTP counters, subscriptions made in the background).</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes until the condition holds; fails with the last probed value after the timeout.</summary>
    public static async Task<T> ProbeAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestChatClient.DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what}: condition not met in time; last value: {value}");
            }

            await Task.Delay(Interval);
        }
    }
}
