namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>Engine.IO v4 packet types; on the wire each is the single ASCII digit of its value.</summary>
internal enum EngineIoPacketType : byte
{
    Open = 0,
    Close = 1,
    Ping = 2,
    Pong = 3,
    Message = 4,
    Upgrade = 5,
    Noop = 6,
}
