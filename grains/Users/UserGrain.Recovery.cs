using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// The recovery points of the user's disconnected Socket.IO sessions live here, in the activation (kept alive
/// while they last), rather than in a grain of their own per disconnect (an activation per closed session,
/// for the whole window).
/// </summary>
internal sealed partial class UserGrain
{
    private RecoveryPoints? _recovery;

    public Task SaveRecoveryPoint(string pid, SessionRecoveryPoint point, TimeSpan keepFor)
    {
        var now = time.GetUtcNow();
        (_recovery ??= new RecoveryPoints()).Save(pid, point, now + keepFor, now, limits.Value.RecoveryPointsPerUser);
        KeepAlive();
        return Task.CompletedTask;
    }

    public Task<SessionRecoveryPoint?> TakeRecoveryPoint(string pid) => Task.FromResult(_recovery?.Take(pid, time.GetUtcNow()));

    /// <summary>Holding recovery points, the activation is kept for as long as they last: collected, it would lose them.</summary>
    private void KeepAlive() => DelayDeactivation(_recovery?.KeepFor(time.GetUtcNow()) ?? TimeSpan.Zero);
}
