using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>What a command produced: the reply for the client and, for some, a step to run once it is queued.</summary>
/// <remarks>
/// Only <see cref="ClientEventRunner"/> sees a command reply: it hands <see cref="Reply"/> to the
/// protocol and then runs <see cref="AfterReply"/> itself, so no protocol can forget it. A join
/// registers the session for live events in that step, so its ack comes before the room's next events.
/// </remarks>
public readonly record struct CommandReply(ClientReply Reply, Func<Task>? AfterReply = null)
{
    public static readonly CommandReply Success = Ok(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck);

    public static CommandReply Ok<T>(T payload, JsonTypeInfo<T> type, Func<Task>? afterReply = null) where T : notnull =>
        new(new ClientReply(payload, type, IsError: false), afterReply);

    public static CommandReply Fail(ErrorPayload error) => new(ClientReply.Fail(error));

    public ErrorPayload? Error => Reply.Error;
}
