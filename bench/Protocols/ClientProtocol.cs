namespace Orleans.Chat.Bench.Protocols;

/// <summary>
/// The framing of one wire protocol: how a client connects, writes join-room and message, and
/// reads the few fields the benchmark needs from what it receives. Stateless and shared by
/// every client of a target: the same client code runs against every server, only this differs.
/// </summary>
public abstract class ClientProtocol
{
    /// <summary>First request id of message sends; lower ids are setup requests (join).</summary>
    public const long FirstMessageRequestId = 1_000_000;

    /// <summary>First request id of mark-read requests (above every message id).</summary>
    public const long FirstReadRequestId = 1_000_000_000_000;

    public abstract string Name { get; }

    /// <summary>Request target of the WebSocket upgrade.</summary>
    public abstract string PathAndQuery(string token);

    /// <summary>Text sent right after the upgrade (SignalR handshake), or null.</summary>
    public virtual string? InitialMessage(string token) => null;

    /// <summary>Text sent when the server opens the transport (Socket.IO CONNECT), or null.</summary>
    public virtual string? OpenReply(string token) => null;

    /// <summary>The answer to a protocol ping, or empty.</summary>
    public virtual ReadOnlySpan<byte> PingReply => [];

    /// <summary>A frame the client must send periodically to stay connected (SignalR ping), or empty.</summary>
    public virtual ReadOnlySpan<byte> KeepAliveFrame => [];

    public virtual TimeSpan KeepAliveInterval => Timeout.InfiniteTimeSpan;

    /// <summary>Upper bound of the bytes <see cref="WriteMessage"/> writes.</summary>
    public int MaxMessageBytes(string roomId, int contentLength) => 160 + (2 * roomId.Length) + contentLength;

    public abstract int WriteJoin(Span<byte> destination, long requestId, string roomId);

    public abstract int WriteMessage(Span<byte> destination, long requestId, string roomId, long sendTicks, int senderIndex, int contentLength);

    /// <summary>
    /// A private-message {targetUserId, content, clientMsgId} request (docs/PROTOCOL.md, Direct conversations);
    /// the client message id is the request id, unique per sender.
    /// </summary>
    public abstract int WritePrivateMessage(Span<byte> destination, long requestId, string targetUserId, long sendTicks, int senderIndex, int contentLength);

    /// <summary>A mark-read {roomId, seq} request: Orleans.Chat's protocols only, the baselines have no read state.</summary>
    public virtual int WriteMarkRead(Span<byte> destination, long requestId, string roomId, long seq) =>
        throw new NotSupportedException($"The {Name} protocol has no read state.");

    /// <summary>Reads one received WebSocket message and reports what it holds to <paramref name="sink"/>.</summary>
    public abstract void Dispatch(ReadOnlySpan<byte> message, IFrameSink sink);

    /// <summary>Reads an ack payload: success flag, seq (message ack) and lastSeq (join ack).</summary>
    protected static void ReadAck(ReadOnlySpan<byte> payload, long requestId, IFrameSink sink)
    {
        var success = payload.IndexOf("\"success\":true"u8) >= 0;
        sink.OnAck(requestId, success, JsonScan.LongAfter(payload, "\"seq\":"u8), JsonScan.LongAfter(payload, "\"lastSeq\":"u8));
    }

    /// <summary>Reads a new-message or private-message payload: its seq (room or conversation) and content.</summary>
    protected static void ReadNewMessage(ReadOnlySpan<byte> payload, IFrameSink sink) =>
        sink.OnNewMessage(JsonScan.LongAfter(payload, "\"seq\":"u8), JsonScan.StringAfter(payload, "\"content\":\""u8));
}
