using System.Text.Json;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// One client event as a protocol adapter hands it to <see cref="ClientEventRunner"/>: what the
/// client asked for, and how this protocol answers it.
/// </summary>
public interface IClientEvent
{
    /// <summary>The client event type (see <see cref="ClientEventNames"/>).</summary>
    string Name { get; }

    /// <summary>The payload; Undefined when absent. Read only until <see cref="ReleasePayload"/>.</summary>
    JsonElement Data { get; }

    /// <summary>The event's binary attachments; null when it has none (the native protocol never has).</summary>
    IEventBinary? Binary { get; }

    /// <summary>The command is done reading <see cref="Data"/>: a protocol that pools the payload may free it.</summary>
    void ReleasePayload();

    /// <summary>Queues the reply: an ack when the client asked for one, otherwise an error event for failures only.</summary>
    ValueTask WriteReplyAsync(ChatSession session, ClientReply reply);
}
