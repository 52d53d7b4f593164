using System.Text.Json;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// The native protocol, whatever carries its messages: each inbound text message is a frame
/// {type, id?, data?} run as a client event; the reply is an ack {id, ...} when the client gave an
/// id, otherwise an error event for failures only. <see cref="NativeWebSocketTransport"/> carries it.
/// </summary>
public sealed class NativeProtocolHandler(ClientEventRunner runner)
{
    /// <summary>
    /// Handles one inbound message. <paramref name="utf8"/> is reused once this returns: an
    /// overlapping event has read its payload by then (see <see cref="ClientEventRunner.RunAsync"/>).
    /// </summary>
    public ValueTask HandleMessageAsync(ChatSession session, ReadOnlyMemory<byte> utf8)
    {
        var frame = NativeClientFrame.TryParse(utf8, out var id);
        if (frame is null)
        {
            // Malformed: answer, keep the connection. Without an id the answer goes through SendError, which counts it.
            if (id is not null)
            {
                GatewayMetrics.Refused(ClientErrors.InvalidFormat.Code);
            }

            Reply(session, id, ClientReply.Fail(ClientErrors.InvalidFormat));
            return ValueTask.CompletedTask;
        }

        return runner.RunAsync(session, new NativeClientEvent(frame));
    }

    /// <summary>An ack when the client sent an id; otherwise an error event for failures only.</summary>
    internal static void Reply(ChatSession session, JsonElement? id, ClientReply reply)
    {
        if (id is { } requestId)
        {
            session.EnqueueEncoded(NativeEventEncoder.Instance.EncodeAck(requestId, reply.Payload, reply.PayloadType));
        }
        else if (reply.Error is { } error)
        {
            SendError(session, error);
        }
    }

    /// <summary>An error event the client did not ask for (a binary or oversized message, a failed session).</summary>
    public static void SendError(ChatSession session, ErrorPayload error)
    {
        GatewayMetrics.Refused(error.Code);
        session.EnqueueEncoded(NativeEventEncoder.Instance.EncodeEvent(ServerEventNames.Error, error, ChatJsonContext.Default.ErrorPayload));
    }
}
