namespace Orleans.Chat.Client.Internal;

/// <summary>Reconnect delays: exponential from MinDelay up to MaxDelay, each shortened by a random jitter fraction.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(ReconnectOptions options, int attempt, double random)
    {
        var exponential = options.MinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(options.MaxDelay.TotalMilliseconds, exponential);
        // Jitter spreads a crowd of clients reconnecting after a server restart.
        return TimeSpan.FromMilliseconds(capped * (1 - (options.Jitter * random)));
    }
}
