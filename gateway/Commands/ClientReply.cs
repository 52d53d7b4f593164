using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>The reply a protocol writes for a client event: the ack payload, a success or an error.</summary>
public readonly record struct ClientReply(object Payload, JsonTypeInfo PayloadType, bool IsError)
{
    public static ClientReply Fail(ErrorPayload error) => new(error, ChatJsonContext.Default.ErrorPayload, IsError: true);

    public ErrorPayload? Error => IsError ? (ErrorPayload)Payload : null;
}
