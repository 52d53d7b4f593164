namespace Orleans.Chat.Bench.Protocols;

/// <summary>
/// Socket.IO v4 over the websocket transport only (Engine.IO 4, Socket.IO 5), namespace "/":
/// open packet "0{...}", CONNECT "40{auth}", events 42["name",payload], acks 43id[payload],
/// pings "2" answered with "3". Used for Orleans.Chat's /socket.io/ and for the Node baseline.
/// </summary>
public sealed class SocketIoProtocol : ClientProtocol
{
    public static readonly SocketIoProtocol Instance = new();

    public override string Name => "socket.io";

    public override string PathAndQuery(string token) => "/socket.io/?EIO=4&transport=websocket";

    public override string? OpenReply(string token) => $"40{{\"token\":\"{token}\"}}";

    public override ReadOnlySpan<byte> PingReply => "3"u8;

    public override int WriteJoin(Span<byte> destination, long requestId, string roomId)
    {
        var text = new Utf8Text(destination);
        text.Append("42"u8);
        text.Append(requestId);
        text.Append("[\"join-room\",\""u8);
        text.Append(roomId);
        text.Append("\"]"u8);
        return text.Length;
    }

    public override int WriteMessage(Span<byte> destination, long requestId, string roomId, long sendTicks, int senderIndex, int contentLength)
    {
        var text = new Utf8Text(destination);
        text.Append("42"u8);
        text.Append(requestId);
        text.Append("[\"message\",{\"roomId\":\""u8);
        text.Append(roomId);
        text.Append("\",\"content\":\""u8);
        text.AppendContent(sendTicks, senderIndex, contentLength);
        text.Append("\"}]"u8);
        return text.Length;
    }

    public override int WritePrivateMessage(Span<byte> destination, long requestId, string targetUserId, long sendTicks, int senderIndex, int contentLength)
    {
        var text = new Utf8Text(destination);
        text.Append("42"u8);
        text.Append(requestId);
        text.Append("[\"private-message\",{\"targetUserId\":\""u8);
        text.Append(targetUserId);
        text.Append("\",\"content\":\""u8);
        text.AppendContent(sendTicks, senderIndex, contentLength);
        text.Append("\",\"clientMsgId\":\"c"u8);
        text.Append(requestId);
        text.Append("\"}]"u8);
        return text.Length;
    }

    public override int WriteMarkRead(Span<byte> destination, long requestId, string roomId, long seq)
    {
        var text = new Utf8Text(destination);
        text.Append("42"u8);
        text.Append(requestId);
        text.Append("[\"mark-read\",{\"roomId\":\""u8);
        text.Append(roomId);
        text.Append("\",\"seq\":"u8);
        text.Append(seq);
        text.Append("}]"u8);
        return text.Length;
    }

    public override void Dispatch(ReadOnlySpan<byte> message, IFrameSink sink)
    {
        if (message.IsEmpty)
        {
            return;
        }

        switch (message[0])
        {
            case (byte)'0':
                sink.OnOpen();
                return;
            case (byte)'2':
                sink.OnProtocolPing();
                return;
            case (byte)'1':
                sink.OnServerError(message);
                return;
            case (byte)'4' when message.Length > 1:
                DispatchSocketIo(message[1], message[2..], sink);
                return;
            default:
                return; // pong, noop
        }
    }

    private static void DispatchSocketIo(byte packetType, ReadOnlySpan<byte> packet, IFrameSink sink)
    {
        // Namespace "/" is implicit; a packet for another namespace would start with '/'.
        switch (packetType)
        {
            case (byte)'0':
                sink.OnReady();
                break;
            case (byte)'2':
                var name = JsonScan.StringAfter(packet, "[\""u8);
                if (name.SequenceEqual("new-message"u8) || name.SequenceEqual("private-message"u8))
                {
                    ReadNewMessage(packet, sink);
                }
                else if (name.SequenceEqual("read-receipt"u8))
                {
                    sink.OnReadReceipt();
                }
                else if (name.SequenceEqual("error"u8))
                {
                    sink.OnServerError(packet);
                }

                break;
            case (byte)'3':
                var id = JsonScan.LeadingNumber(packet, out var consumed);
                ReadAck(packet[consumed..], id, sink);
                break;
            case (byte)'1' or (byte)'4':
                sink.OnServerError(packet);
                break;
            default:
                break;
        }
    }
}
