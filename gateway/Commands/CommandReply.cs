using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>What a client event produced: the ack payload (success or error) for the protocol to write.</summary>
/// <remarks>
/// <see cref="AfterReply"/> runs once the ack is queued (or would have been, when the client
/// asked for none): a join registers the session for live events only after its ack, so the
/// ack always comes before the room's next events.
/// </remarks>
public readonly record struct CommandReply(object Payload, JsonTypeInfo PayloadType, bool IsError, Func<Task>? AfterReply = null)
{
    public static readonly CommandReply Success = Ok(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck);

    public static CommandReply Ok<T>(T payload, JsonTypeInfo<T> type, Func<Task>? afterReply = null) where T : notnull =>
        new(payload, type, false, afterReply);

    public static CommandReply Fail(ErrorPayload error) => new(error, ChatJsonContext.Default.ErrorPayload, true);

    public ErrorPayload? Error => IsError ? (ErrorPayload)Payload : null;
}
