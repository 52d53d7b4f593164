namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The expiry of a session's token (null for a token without exp) and where it stands in the gateway's
/// <see cref="TokenExpirySchedule"/>. Guarded by <see cref="Gate"/>; only <see cref="TokenExpiryWatch"/> changes it.
/// </summary>
public sealed class SessionToken(DateTimeOffset? expiresAt)
{
    private static long s_created;

    // The token itself: it is private to its session, and a Lock object would cost every connection 40 bytes more.
    internal object Gate => this;

    internal DateTimeOffset? Expiry { get; set; } = expiresAt;

    /// <summary>When the current token was accepted: a token shorter than twice the warning is warned about halfway.</summary>
    internal DateTimeOffset AcceptedAt { get; set; }

    internal bool Warned { get; set; }

    /// <summary>True once the session expired or closed: the expiry no longer moves.</summary>
    internal bool Ended { get; set; }

    /// <summary>When the schedule calls back next; set and read under the schedule's lock.</summary>
    internal DateTimeOffset DueAt { get; set; }

    internal bool Scheduled { get; set; }

    /// <summary>Orders tokens due at the same instant in the schedule.</summary>
    internal long Order { get; } = Interlocked.Increment(ref s_created);

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
}
