namespace Orleans.Chat.Bench.Protocols;

/// <summary>
/// Orleans.Chat's native protocol on /ws (docs/PROTOCOL.md): {"type","id","data"} JSON text frames,
/// acks {"type":"ack","id",...}, events {"type","data"}; the token travels in the query.
/// </summary>
public sealed class NativeProtocol : ClientProtocol
{
    public static readonly NativeProtocol Instance = new();

    public override string Name => "native";

    public override string PathAndQuery(string token) => $"/ws?token={Uri.EscapeDataString(token)}";

    public override int WriteJoin(Span<byte> destination, long requestId, string roomId)
    {
        var text = new Utf8Text(destination);
        text.Append("{\"type\":\"join-room\",\"id\":"u8);
        text.Append(requestId);
        text.Append(",\"data\":\""u8);
        text.Append(roomId);
        text.Append("\"}"u8);
        return text.Length;
    }

    public override int WriteMessage(Span<byte> destination, long requestId, string roomId, long sendTicks, int senderIndex, int contentLength)
    {
        var text = new Utf8Text(destination);
        text.Append("{\"type\":\"message\",\"id\":"u8);
        text.Append(requestId);
        text.Append(",\"data\":{\"roomId\":\""u8);
        text.Append(roomId);
        text.Append("\",\"content\":\""u8);
        text.AppendContent(sendTicks, senderIndex, contentLength);
        text.Append("\"}}"u8);
        return text.Length;
    }

    public override int WritePrivateMessage(Span<byte> destination, long requestId, string targetUserId, long sendTicks, int senderIndex, int contentLength)
    {
        var text = new Utf8Text(destination);
        text.Append("{\"type\":\"private-message\",\"id\":"u8);
        text.Append(requestId);
        text.Append(",\"data\":{\"targetUserId\":\""u8);
        text.Append(targetUserId);
        text.Append("\",\"content\":\""u8);
        text.AppendContent(sendTicks, senderIndex, contentLength);
        text.Append("\",\"clientMsgId\":\"c"u8);
        text.Append(requestId);
        text.Append("\"}}"u8);
        return text.Length;
    }

    public override int WriteMarkRead(Span<byte> destination, long requestId, string roomId, long seq)
    {
        var text = new Utf8Text(destination);
        text.Append("{\"type\":\"mark-read\",\"id\":"u8);
        text.Append(requestId);
        text.Append(",\"data\":{\"roomId\":\""u8);
        text.Append(roomId);
        text.Append("\",\"seq\":"u8);
        text.Append(seq);
        text.Append("}}"u8);
        return text.Length;
    }

    public override void Dispatch(ReadOnlySpan<byte> message, IFrameSink sink)
    {
        var type = JsonScan.StringAfter(message, "\"type\":\""u8);
        if (type.SequenceEqual("new-message"u8) || type.SequenceEqual("private-message"u8))
        {
            ReadNewMessage(message, sink);
        }
        else if (type.SequenceEqual("ack"u8))
        {
            ReadAck(message, JsonScan.LongAfter(message, "\"id\":"u8), sink);
        }
        else if (type.SequenceEqual("read-receipt"u8))
        {
            sink.OnReadReceipt();
        }
        else if (type.SequenceEqual("connected"u8))
        {
            sink.OnReady();
        }
        else if (type.SequenceEqual("error"u8))
        {
            sink.OnServerError(message);
        }

        // user-joined, presence-update and the rest: not measured.
    }
}
