using System.Text.Json;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// An event from a client: its name, its arguments as JSON, and for BINARY_EVENT the attachments that
/// the arguments' placeholders ({"_placeholder":true,"num":n}) stand for.
/// </summary>
public sealed class SocketIoEvent
{
    internal SocketIoEvent(string name, JsonElement[] arguments, IReadOnlyList<ReadOnlyMemory<byte>> attachments, SocketIoAck? ack, int size = 0)
    {
        Size = size;
        Name = name;
        Arguments = arguments;
        Attachments = attachments;
        Ack = ack;
    }

    public string Name { get; }

    /// <summary>The arguments after the name; valid until the handler's task completes (use Clone() to keep one).</summary>
    public IReadOnlyList<JsonElement> Arguments { get; }

    /// <summary>The binary attachments, in placeholder-number order; empty for a plain EVENT.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>The acknowledgement the client asked for, or null when it asked for none.</summary>
    public SocketIoAck? Ack { get; }

    public bool HasBinary => Attachments.Count > 0;

    /// <summary>
    /// Bytes the client sent for the event (the packet's text and its attachments), so an application can
    /// hold most events to a smaller size than <c>MaxPayload</c>, which bounds each message of any event.
    /// </summary>
    public int Size { get; }

    /// <summary>The bytes a placeholder stands for; false when <paramref name="element"/> is not a placeholder.</summary>
    public bool TryGetBinary(JsonElement element, out ReadOnlyMemory<byte> data)
    {
        data = default;
        if (!BinaryPlaceholder.TryGetIndex(element, out var index) || index < 0 || index >= Attachments.Count)
        {
            return false;
        }

        data = Attachments[index];
        return true;
    }

    /// <summary>
    /// The arguments with each top-level placeholder replaced by its bytes (as <see cref="ReadOnlyMemory{T}"/>)
    /// and the rest as <see cref="JsonElement"/>: the form <see cref="SocketIoSocket.EmitAsync(string, object?[])"/> takes.
    /// </summary>
    public object?[] GetArgumentsWithBinary()
    {
        var values = new object?[Arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = TryGetBinary(Arguments[i], out var data) ? data : Arguments[i];
        }

        return values;
    }
}
