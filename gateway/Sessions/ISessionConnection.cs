namespace Orleans.Chat.Gateway.Sessions;

/// <summary>The transport side of a session, implemented once per wire protocol.</summary>
public interface ISessionConnection
{
    IServerEventEncoder Encoder { get; }

    /// <summary>
    /// Queues one encoded frame, never waiting. False when the client fell too far behind (its queue is
    /// full) or <see cref="Complete"/> was called. <paramref name="written"/>, when given, completes once
    /// the connection has taken the frame over (see the implementations), or is cancelled when it never will.
    /// </summary>
    bool TrySend(ReadOnlyMemory<byte> frame, TaskCompletionSource? written);

    /// <summary>No more frames: the ones queued are still written.</summary>
    void Complete();

    /// <summary>
    /// Ends the connection on purpose once the frames queued so far are written: native, with a close frame
    /// of the reason's code; Socket.IO, with a DISCONNECT of the namespace ("io server disconnect").
    /// </summary>
    void Close(ServerCloseReason reason);

    /// <summary>Ends the connection from the server side (slow consumer, shutdown).</summary>
    void Abort(string reason);
}
