using System.Text.Json;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Protocol.SocketIo;

/// <summary>A Socket.IO event as a client event: event name = type, first argument = payload, ack callback = reply.</summary>
internal readonly struct SocketIoClientEvent(SocketIoEvent evt) : IClientEvent
{
    public string Name => evt.Name;

    public JsonElement Data => evt.Arguments.Count > 0 ? evt.Arguments[0] : default;

    /// <summary>Only BINARY_EVENTs pay for the wrapper; the library keeps the attachments as long as the arguments.</summary>
    public IEventBinary? Binary => evt.HasBinary ? new Attachments(evt) : null;

    /// <summary>Nothing to free here: the library keeps the arguments valid until OnEventAsync's task completes.</summary>
    public void ReleasePayload()
    {
    }

    public ValueTask WriteReplyAsync(ChatSession session, ClientReply reply)
    {
        if (evt.Ack is { } ack)
        {
            return ack.SendAckAsync([JsonSerializer.SerializeToElement(reply.Payload, reply.PayloadType)], []);
        }

        if (reply.Error is { } error)
        {
            session.Enqueue(ChatSocketIoHandler.ErrorEvent(error));
        }

        return ValueTask.CompletedTask;
    }

    private sealed class Attachments(SocketIoEvent evt) : IEventBinary
    {
        public bool TryGetBinary(JsonElement placeholder, out ReadOnlyMemory<byte> data) => evt.TryGetBinary(placeholder, out data);
    }
}
