namespace Orleans.Chat.Bench.Protocols;

/// <summary>What a client learns from the frames it receives, whatever the wire protocol.</summary>
public interface IFrameSink
{
    /// <summary>The transport is open and the client may authenticate (Engine.IO open packet).</summary>
    void OnOpen();

    /// <summary>The session is usable: authenticated and connected.</summary>
    void OnReady();

    /// <summary>An answer to request <paramref name="requestId"/>; seq / lastSeq are -1 when absent.</summary>
    void OnAck(long requestId, bool success, long seq, long lastSeq);

    /// <summary>A new-message event with its room seq and its content (still JSON-escaped, ASCII here).</summary>
    void OnNewMessage(long seq, ReadOnlySpan<byte> content);

    /// <summary>A read-receipt event (counted, not audited).</summary>
    void OnReadReceipt();

    /// <summary>A protocol-level ping the client must answer (Engine.IO "2").</summary>
    void OnProtocolPing();

    /// <summary>An error event, a refused connect or a close from the server.</summary>
    void OnServerError(ReadOnlySpan<byte> frame);
}
