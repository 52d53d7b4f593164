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
}
