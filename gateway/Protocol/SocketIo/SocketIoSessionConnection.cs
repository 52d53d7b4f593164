using System.Diagnostics;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Protocol.SocketIo;

/// <summary>
/// The Socket.IO side of a session: pre-encoded packets go straight to the queue of the Engine.IO
/// connection, which bounds it (closing a client that falls behind) and which whatever transport the
/// socket uses drains in order. It is also the chat's state on the socket (<see cref="SocketIoSocket.Data"/>):
/// one object per socket for the session, its per-user connection slot and the recovery found at connect.
/// </summary>
internal sealed class SocketIoSessionConnection(SocketIoSocket socket, IDisposable userSlot) : ISessionConnection, ILiveOrigin
{
    private int _completed;
    private RecoveredRooms? _recovered;

    /// <summary>Set right after the session is made (it needs this connection first).</summary>
    public ChatSession Session { get; set; } = null!;

    /// <summary>Where a recovered socket resumes; set by the CONNECT, taken once by the open.</summary>
    public RecoveredRooms? Recovered
    {
        set => _recovered = value;
    }

    public RecoveredRooms? TakeRecovered() => Interlocked.Exchange(ref _recovered, null);

    /// <summary>The user's connection slot (Limits:MaxConnectionsPerUser), held while the socket is in the namespace.</summary>
    public void ReleaseUserSlot() => userSlot.Dispose();

    public string? SocketId => socket.Id;

    public string Transport => socket.TransportName;

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
