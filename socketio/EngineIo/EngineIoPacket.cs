namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>One decoded inbound Engine.IO packet; <see cref="Data"/> excludes the type character.</summary>
internal readonly record struct EngineIoPacket(EngineIoPacketType Type, ReadOnlyMemory<byte> Data, bool IsBinary)
{
    public static EngineIoPacket Binary(ReadOnlyMemory<byte> data) => new(EngineIoPacketType.Message, data, IsBinary: true);

    /// <summary>True for the "probe" payload the client sends (ping) and expects back (pong) while upgrading.</summary>
    public bool IsProbe => !IsBinary && Data.Span.SequenceEqual("probe"u8);
}
