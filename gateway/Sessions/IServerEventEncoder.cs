namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Turns a server event into the bytes of one frame of a wire protocol. Each protocol has
/// a fixed <see cref="Slot"/> so that an event shared by many sessions is encoded once per protocol.
/// </summary>
public interface IServerEventEncoder
{
    /// <summary>Index in <see cref="OutboundEvent"/>'s encoding cache; 0 .. <see cref="OutboundEvent.MaxEncoders"/>-1.</summary>
    int Slot { get; }

    byte[] Encode(OutboundEvent evt);
}
