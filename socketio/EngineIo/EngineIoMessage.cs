using System.Text;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// The payload of an inbound Engine.IO message packet. Text arrives as UTF-8 without the packet type.
/// The memory may be reused once the handler returns: copy what must outlive the call.
/// </summary>
public readonly record struct EngineIoMessage(ReadOnlyMemory<byte> Data, bool IsBinary)
{
    public string GetText() => Encoding.UTF8.GetString(Data.Span);
}
