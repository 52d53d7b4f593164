using System.Net.Http.Headers;

namespace Orleans.Chat.Hosting.Notifications;

/// <summary>
/// How long to wait before the next webhook attempt: exponential backoff with full jitter (a
/// uniform draw between 0 and InitialBackoff·2^(retry-1), that ceiling capped at MaxBackoff), so
/// that many failed calls do not come back in step; a receiver's Retry-After, when it gives one,
/// is waited instead (also capped at MaxBackoff).
/// </summary>
public sealed class RetrySchedule(TimeSpan initialBackoff, TimeSpan maxBackoff, Func<double>? nextDouble = null)
{
    private readonly Func<double> _nextDouble = nextDouble ?? Random.Shared.NextDouble;

    /// <summary>The most the wait after attempt <paramref name="attempt"/> (1-based) can be.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var doublings = Math.Min(attempt - 1, 40);
        var ticks = initialBackoff.Ticks * Math.Pow(2, doublings);
        return ticks >= maxBackoff.Ticks ? maxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/>.</summary>
    public TimeSpan Delay(int attempt, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (RetryAfter(retryAfter, now) is { } asked)
        {
            return asked > maxBackoff ? maxBackoff : asked;
        }

        return TimeSpan.FromTicks((long)(Ceiling(attempt).Ticks * _nextDouble()));
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? value, DateTimeOffset now) => value switch
    {
        { Delta: { } delta } when delta >= TimeSpan.Zero => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
