namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// One entry of a session's send queue: a complete Engine.IO text packet (type character included) and
/// the binary packets that must follow it without anything in between, as Socket.IO attachments require.
/// The memory is only read, so one encoded packet can be queued for many sessions.
/// </summary>
internal readonly struct OutboundMessage(ReadOnlyMemory<byte> textPacket, ReadOnlyMemory<byte>[]? binaryPackets = null)
{
    public static readonly OutboundMessage Ping = new("2"u8.ToArray());
    public static readonly OutboundMessage Noop = new("6"u8.ToArray());
    public static readonly OutboundMessage Close = new("1"u8.ToArray());

    /// <summary>The text packet; empty when the entry only carries binary packets.</summary>
    public ReadOnlyMemory<byte> TextPacket { get; } = textPacket;

    public ReadOnlyMemory<byte>[]? BinaryPackets { get; } = binaryPackets;
}
