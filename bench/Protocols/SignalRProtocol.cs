namespace Orleans.Chat.Bench.Protocols;

/// <summary>
/// The SignalR JSON hub protocol over a WebSocket without negotiation: handshake
/// {"protocol":"json","version":1}, invocations type 1 (with an invocationId when an answer is
/// wanted), completions type 3, pings type 6; every record ends with 0x1E. Hub method and client
/// method names are the chat's event names.
/// </summary>
public sealed class SignalRProtocol : ClientProtocol
{
    public const byte RecordSeparator = 0x1E;

    public static readonly SignalRProtocol Instance = new();

    public override string Name => "signalr-json";

    public override string PathAndQuery(string token) => $"/chat?access_token={Uri.EscapeDataString(token)}";

    public override string? InitialMessage(string token) => "{\"protocol\":\"json\",\"version\":1}\u001e";

    public override ReadOnlySpan<byte> KeepAliveFrame => "{\"type\":6}\u001e"u8;

    /// <summary>The SignalR client's default: well inside the server's 30 s client timeout.</summary>
    public override TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(15);

    public override int WriteJoin(Span<byte> destination, long requestId, string roomId)
    {
        var text = new Utf8Text(destination);
        text.Append("{\"type\":1,\"invocationId\":\""u8);
        text.Append(requestId);
        text.Append("\",\"target\":\"join-room\",\"arguments\":[\""u8);
        text.Append(roomId);
        text.Append("\"]}\u001e"u8);
        return text.Length;
    }

    public override int WriteMessage(Span<byte> destination, long requestId, string roomId, long sendTicks, int senderIndex, int contentLength)
    {
        var text = new Utf8Text(destination);
        text.Append("{\"type\":1,\"invocationId\":\""u8);
        text.Append(requestId);
        text.Append("\",\"target\":\"message\",\"arguments\":[{\"roomId\":\""u8);
        text.Append(roomId);
        text.Append("\",\"content\":\""u8);
        text.AppendContent(sendTicks, senderIndex, contentLength);
        text.Append("\"}]}\u001e"u8);
        return text.Length;
    }

    public override int WritePrivateMessage(Span<byte> destination, long requestId, string targetUserId, long sendTicks, int senderIndex, int contentLength)
    {
        var text = new Utf8Text(destination);
        text.Append("{\"type\":1,\"invocationId\":\""u8);
        text.Append(requestId);
        text.Append("\",\"target\":\"private-message\",\"arguments\":[{\"targetUserId\":\""u8);
        text.Append(targetUserId);
        text.Append("\",\"content\":\""u8);
        text.AppendContent(sendTicks, senderIndex, contentLength);
        text.Append("\",\"clientMsgId\":\"c"u8);
        text.Append(requestId);
        text.Append("\"}]}\u001e"u8);
        return text.Length;
    }

    public override void Dispatch(ReadOnlySpan<byte> message, IFrameSink sink)
    {
        while (!message.IsEmpty)
        {
            var end = message.IndexOf(RecordSeparator);
            var record = end < 0 ? message : message[..end];
            DispatchRecord(record, sink);
            message = end < 0 ? [] : message[(end + 1)..];
        }
    }

    private static void DispatchRecord(ReadOnlySpan<byte> record, IFrameSink sink)
    {
        var type = JsonScan.LongAfter(record, "\"type\":"u8);
        switch (type)
        {
            case 1:
                var target = JsonScan.StringAfter(record, "\"target\":\""u8);
                if (target.SequenceEqual("new-message"u8) || target.SequenceEqual("private-message"u8))
                {
                    ReadNewMessage(record, sink);
                }

                break;
            case 3:
                var id = JsonScan.LongAfter(record, "\"invocationId\":"u8);
                if (record.IndexOf("\"result\":"u8) >= 0)
                {
                    ReadAck(record, id, sink);
                }
                else
                {
                    sink.OnAck(id, false, -1, -1); // a hub error
                }

                break;
            case 7:
                sink.OnServerError(record);
                break;
            case -1:
                // The handshake response: {} or {"error":"..."}.
                if (record.IndexOf("\"error\""u8) >= 0)
                {
                    sink.OnServerError(record);
                }
                else
                {
                    sink.OnReady();
                }

                break;
            default:
                break; // 6 ping and the rest
        }
    }
}
