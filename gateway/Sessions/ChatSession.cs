using System.Threading.Channels;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// One client connection, whatever its protocol: the authenticated user, the rooms it is
/// subscribed to, and a bounded outbound queue drained by a single writer loop so that
/// fan-out never waits on a slow socket.
/// </summary>
public sealed class ChatSession
{
    private readonly Channel<OutboundFrame> _outbound;
    private readonly HashSet<string> _rooms = new(StringComparer.Ordinal);
    private int _aborted;
    private int _closing;

    public ChatSession(string id, ChatUser user, ISessionConnection connection, int outboundCapacity)
    {
        Id = id;
        User = user;
        UserRef = new UserRef { Id = user.Id, Name = user.Name };
        Connection = connection;
        _outbound = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(outboundCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Id { get; }
    public ChatUser User { get; }
    public UserRef UserRef { get; }
    public ISessionConnection Connection { get; }
    public TypingTracker Typing { get; } = new();

    /// <summary>Set once the presence grain counted this connection; only then is it uncounted on close.</summary>
    public bool PresenceCounted { get; set; }

    /// <summary>True once the session is ending (closed by the client or aborted by the server).</summary>
    public bool IsClosed => Volatile.Read(ref _closing) != 0 || Volatile.Read(ref _aborted) != 0;

    /// <summary>Queues a shared event. A full queue means the client cannot keep up: it is disconnected.</summary>
    public void Enqueue(OutboundEvent evt) => Enqueue(new OutboundFrame(evt, default));

    /// <summary>Queues a frame encoded for this session only.</summary>
    public void EnqueueEncoded(ReadOnlyMemory<byte> frame, TaskCompletionSource? written = null) =>
        Enqueue(new OutboundFrame(null, frame, written));

    private void Enqueue(in OutboundFrame frame)
    {
        if (!_outbound.Writer.TryWrite(frame) && !IsClosed)
        {
            Abort("slow consumer: outbound queue full");
        }
    }

    /// <summary>Writes queued frames to the connection until the session completes.</summary>
    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var frame))
                {
                    var bytes = frame.Event is { } evt ? evt.EncodeFor(Connection.Encoder) : frame.Encoded;
                    // No token per send: a cancellable token pushes WebSocket.SendAsync off its fast path.
                    // The loop stops through channel completion and Abort, which also unblock a send.
                    await Connection.SendAsync(bytes, CancellationToken.None);
                    frame.Written?.TrySetResult();
                }
            }
        }
        finally
        {
            // Frames never written must not count as handed over.
            while (reader.TryRead(out var frame))
            {
                frame.Written?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    /// <summary>No more frames: the writer loop ends after the queued ones.</summary>
    public void CompleteOutbound() => _outbound.Writer.TryComplete();

    /// <summary>Marks the session as ending: no registry may take it in from now on.</summary>
    public void MarkClosed() => Volatile.Write(ref _closing, 1);

    public void Abort(string reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _outbound.Writer.TryComplete();
            Connection.Abort(reason);
        }
    }

    /// <summary>Records that the session is in the room's local registry; false when it already was.</summary>
    public bool TrackRoom(string roomId)
    {
        lock (_rooms)
        {
            return _rooms.Add(roomId);
        }
    }

    public bool UntrackRoom(string roomId)
    {
        lock (_rooms)
        {
            return _rooms.Remove(roomId);
        }
    }

    public bool IsInRoom(string roomId)
    {
        lock (_rooms)
        {
            return _rooms.Contains(roomId);
        }
    }

    public string[] RoomsSnapshot()
    {
        lock (_rooms)
        {
            return [.. _rooms];
        }
    }
}
