using System.Text.Json;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Protocol.SocketIo;

/// <summary>
/// Chat events as Socket.IO EVENT packets of the "/" namespace: 42["name",payload], plus the
/// recovery offset as a last argument for room messages (connection state recovery).
/// </summary>
public sealed class SocketIoEventEncoder : IServerEventEncoder
{
    public static readonly SocketIoEventEncoder Instance = new();

    public int Slot => 1;

    public byte[] Encode(OutboundEvent evt)
    {
        var packet = SocketIoPacketEncoder.EncodeEvent("/", evt.Name, evt.Payload, evt.PayloadType);
        return evt.RecoveryOffset is { } offset ? AppendArgument(packet, offset) : packet;
    }

    /// <summary>Turns 42["name",payload] into 42["name",payload,"offset"].</summary>
    private static byte[] AppendArgument(byte[] packet, string value)
    {
        var encoded = JsonEncodedText.Encode(value).EncodedUtf8Bytes;
        var result = new byte[packet.Length + encoded.Length + 3];
        packet.AsSpan(0, packet.Length - 1).CopyTo(result);
        var at = packet.Length - 1;
        result[at++] = (byte)',';
        result[at++] = (byte)'"';
        encoded.CopyTo(result.AsSpan(at));
        at += encoded.Length;
        result[at++] = (byte)'"';
        result[at] = (byte)']';
        return result;
    }
}
