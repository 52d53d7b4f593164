using System.Diagnostics;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes (for effects that arrive asynchronously).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string what = "the condition")
    {
        var limit = timeout ?? DefaultTimeout;
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
