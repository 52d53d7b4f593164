using System.Diagnostics;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Protocol.SocketIo;

/// <summary>
/// The Socket.IO side of a session: pre-encoded packets go straight to the queue of the Engine.IO
/// connection, which bounds it (closing a client that falls behind) and which whatever transport the
/// socket uses drains in order.
/// </summary>
internal sealed class SocketIoSessionConnection(SocketIoSocket socket) : ISessionConnection
{
    private int _completed;

    public IServerEventEncoder Encoder => SocketIoEventEncoder.Instance;

    /// <summary>Still on long polling (not upgraded to a WebSocket): the connections gauge's transport label.</summary>
    public bool IsPolling => socket.TransportName == "polling";

    /// <summary>
    /// Queues a packet; <paramref name="written"/> completes once Engine.IO has queued it, as it has no
    /// notice of writes. Never refuses for a full queue: Engine.IO closes such a connection itself.
    /// </summary>
    public bool TrySend(ReadOnlyMemory<byte> frame, TaskCompletionSource? written)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            written?.TrySetCanceled(CancellationToken.None);
            return false;
        }

        if (socket.TrySendEncoded(frame))
        {
            written?.TrySetResult();
        }
        else
        {
            written?.TrySetCanceled(CancellationToken.None);
        }

        return true;
    }

    public void Complete() => Volatile.Write(ref _completed, 1);

    /// <summary>The DISCONNECT goes through the same queue, after the frames queued before it.</summary>
    public void Close(ServerCloseReason reason)
    {
        Complete();
        Queued(socket.DisconnectAsync());
    }

    public void Abort(string reason)
    {
        Complete();
        Queued(socket.DisconnectAsync(closeConnection: true));
    }

    /// <summary>
    /// A disconnect only queues its packet (the connection's own loop sends it) and completes at once:
    /// nothing is left running here. Called under the session's locks, so it must never wait.
    /// </summary>
    private static void Queued(ValueTask disconnect)
    {
        Debug.Assert(disconnect.IsCompletedSuccessfully, "a Socket.IO disconnect completes when queued");
        disconnect.GetAwaiter().GetResult();
    }
}
