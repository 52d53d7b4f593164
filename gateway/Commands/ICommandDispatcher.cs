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

    /// <summary>Runs the event's command; throws when the cluster fails it.</summary>
    Task<CommandReply> DispatchAsync(ChatSession session, string eventName, JsonElement data, CancellationToken cancellationToken);
}
