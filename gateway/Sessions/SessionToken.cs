namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The expiry of a session's token (null for a token without exp) and the one timer that acts on it.
/// <see cref="TokenExpiryWatch"/> arms the timer, refresh-token moves the expiry on, closing the session
/// disposes it. Guarded by <see cref="Gate"/>; only the watch changes it.
/// </summary>
public sealed class SessionToken(DateTimeOffset? expiresAt) : IDisposable
{
    internal Lock Gate { get; } = new();

    internal DateTimeOffset? Expiry { get; set; } = expiresAt;

    /// <summary>When the current token was accepted: a token shorter than twice the warning is warned about halfway.</summary>
    internal DateTimeOffset AcceptedAt { get; set; }

    internal ITimer? Timer { get; set; }

    internal bool Warned { get; set; }

    /// <summary>True once the session expired or closed: the expiry no longer moves.</summary>
    internal bool Ended { get; set; }

    public DateTimeOffset? ExpiresAt
    {
        get
        {
            lock (Gate)
            {
                return Expiry;
            }
        }
    }

    public void Dispose()
    {
        ITimer? timer;
        lock (Gate)
        {
            Ended = true;
            timer = Timer;
            Timer = null;
        }

        timer?.Dispose();
    }
}
