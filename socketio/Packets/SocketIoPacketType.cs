namespace Orleans.Chat.SocketIo.Packets;

/// <summary>Socket.IO v5 packet types; on the wire each is the ASCII digit of its value after the Engine.IO "4".</summary>
internal enum SocketIoPacketType : byte
{
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
}
