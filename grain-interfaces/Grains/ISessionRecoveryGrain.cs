using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// The recovery point of one disconnected Socket.IO session (key: its private session id, pid),
/// held in memory for the configured disconnection window and handed out once.
/// </summary>
[Alias("chat.ISessionRecoveryGrain")]
public interface ISessionRecoveryGrain : IGrainWithStringKey
{
    [Alias("Save")] Task Save(SessionRecoveryPoint point, TimeSpan keepFor);

    /// <summary>The point, once, if it has not expired and belongs to <paramref name="userId"/>; otherwise null.</summary>
    [Alias("Take")] Task<SessionRecoveryPoint?> Take(string userId);
}
