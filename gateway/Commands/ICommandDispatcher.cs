using System.Text.Json;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>Routes a client event to its command (a seam so the runner can be tested with fakes).</summary>
public interface ICommandDispatcher
{
    /// <summary>
    /// Whether the event may run while the session reads its next ones
    /// (see <see cref="CommandPipeline"/>); everything else waits for those in flight.
    /// </summary>
    bool CanOverlap(string eventName);

    /// <summary>
    /// Most overlapping events in flight when this one starts (it waits for older ones past that): events
    /// that hold a large buffer while they run take a smaller share than <see cref="CommandPipeline.MaxOverlapping"/>.
    /// </summary>
    int OverlapLimit(string eventName) => CommandPipeline.MaxOverlapping;

    /// <summary>Runs the event's command (<paramref name="binary"/>: its attachments, if any); throws when the cluster fails it.</summary>
    Task<CommandReply> DispatchAsync(ChatSession session, string eventName, JsonElement data, IEventBinary? binary, CancellationToken cancellationToken);
}
