namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// One entry of a session's outbound queue: an encoded frame, shared with other sessions or not.
/// <see cref="Written"/>, when set, completes once the frame has been written to the socket.
/// </summary>
public readonly record struct OutboundFrame(ReadOnlyMemory<byte> Encoded, TaskCompletionSource? Written);
