namespace Orleans.Chat.Client;

/// <summary>How a dropped connection is re-opened: exponential backoff with jitter.</summary>
public sealed record ReconnectOptions
{
    /// <summary>Attempts after a drop before giving up (then unacked requests fail with <see cref="ChatErrorCodes.Disconnected"/>). Default: no limit.</summary>
    public int MaxAttempts { get; init; } = int.MaxValue;

    /// <summary>The first delay; each failed attempt doubles it. Default 250 ms.</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The largest delay. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>0..1: the fraction of each delay that is randomly taken off, so that clients dropped together do not return together. Default 0.5.</summary>
    public double Jitter { get; init; } = 0.5;
}
