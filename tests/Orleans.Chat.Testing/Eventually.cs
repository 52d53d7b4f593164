namespace Orleans.Chat.Testing;

/// <summary>Polling for state that no event announces (HTTP counters, grain state, subscriptions made in the background).</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes until the condition holds; fails with the last probed value after the timeout.</summary>
    public static async Task<T> ProbeAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Default);
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

    /// <summary>Probes until the condition is true; fails naming <paramref name="what"/> after the timeout.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string what = "the condition") =>
        ProbeAsync(condition, holds => holds, what, timeout);
}
