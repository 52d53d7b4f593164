using System.Text.Json.Serialization.Metadata;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// A server event on its way to one or many sessions. It is created once per event per
/// gateway and encoded at most once per wire protocol, whatever the number of receivers.
/// </summary>
public sealed class OutboundEvent(string name, object payload, JsonTypeInfo payloadType)
{
    public const int MaxEncoders = 2;

    private readonly byte[]?[] _encoded = new byte[MaxEncoders][];

    public string Name { get; } = name;
    public object Payload { get; } = payload;
    public JsonTypeInfo PayloadType { get; } = payloadType;

    /// <summary>
    /// Position of a room message for Socket.IO connection state recovery ("seq:roomId"), sent as
    /// the event's last argument; null for events that are not room messages.
    /// </summary>
    public string? RecoveryOffset { get; init; }

    public byte[] EncodeFor(IServerEventEncoder encoder)
    {
        var cached = Volatile.Read(ref _encoded[encoder.Slot]);
        if (cached is not null)
        {
            return cached;
        }

        // Two writers may race here; both produce the same bytes and one copy wins.
        var bytes = encoder.Encode(this);
        return Interlocked.CompareExchange(ref _encoded[encoder.Slot], bytes, null) ?? bytes;
    }
}
