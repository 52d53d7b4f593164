using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Keeps a recovery point in memory only: it is short-lived (minutes) and a lost one just means
/// the client reconnects without recovery and rejoins its rooms with sinceSeq.
/// </summary>
internal sealed class SessionRecoveryGrain(TimeProvider time) : Grain, ISessionRecoveryGrain
{
    private SessionRecoveryPoint? _point;
    private DateTimeOffset _expiresAt;

    public Task Save(SessionRecoveryPoint point, TimeSpan keepFor)
    {
        _point = point;
        _expiresAt = time.GetUtcNow() + keepFor;
        DelayDeactivation(keepFor);
        return Task.CompletedTask;
    }

    public Task<SessionRecoveryPoint?> Take(string userId)
    {
        var point = _point;
        if (point is null || point.UserId != userId || time.GetUtcNow() > _expiresAt)
        {
            return Task.FromResult<SessionRecoveryPoint?>(null);
        }

        // Handed out once: a second connection presenting the same pid starts afresh.
        _point = null;
        DeactivateOnIdle();
        return Task.FromResult<SessionRecoveryPoint?>(point);
    }
}
