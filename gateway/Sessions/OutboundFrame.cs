namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// One entry of a session's outbound queue: a shared event (encoded by the session's protocol)
/// or a frame already encoded for this session alone (an ack). <see cref="Written"/>, when set,
/// completes once the frame has been handed to the socket.
/// </summary>
public readonly record struct OutboundFrame(OutboundEvent? Event, ReadOnlyMemory<byte> Encoded, TaskCompletionSource? Written = null);
