using System.Text;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// A session subscribes to its user's live events before it can make its connected event, so a private
/// message may race the open; clients take connected as the start of the session, so it must come first.
/// </summary>
public sealed class SessionOpenOrderTests
{
    [Fact]
    public void Frames_queued_before_connected_are_written_after_it_in_their_order()
    {
        var connection = new RecordingConnection();
        var session = new ChatSession("s1", new ChatUser("alice", "Alice"), connection);

        session.EnqueueEncoded(Encoding.UTF8.GetBytes("early-1"));
        session.EnqueueEncoded(Encoding.UTF8.GetBytes("early-2"));
        Assert.Empty(connection.Frames);

        session.EnqueueConnected(new OutboundEvent(ServerEventNames.Pong, new PongEvent(1), ChatJsonContext.Default.PongEvent));
        session.EnqueueEncoded(Encoding.UTF8.GetBytes("late"));

        Assert.Equal(4, connection.Frames.Count);
        Assert.Contains("pong", connection.Frames[0], StringComparison.Ordinal);
        Assert.Equal(["early-1", "early-2", "late"], connection.Frames.Skip(1));
    }

    [Fact]
    public void A_session_that_ends_before_connected_still_writes_what_it_queued()
    {
        var connection = new RecordingConnection();
        var session = new ChatSession("s2", new ChatUser("bob", "Bob"), connection);

        session.EnqueueEncoded(Encoding.UTF8.GetBytes("error"));
        session.CompleteOutbound();

        Assert.Equal(["error"], connection.Frames);
        Assert.True(connection.Completed);
    }

    private sealed class RecordingConnection : ISessionConnection
    {
        public List<string> Frames { get; } = [];
        public bool Completed { get; private set; }
        public IServerEventEncoder Encoder => NativeEventEncoder.Instance;

        public bool TrySend(ReadOnlyMemory<byte> frame, TaskCompletionSource? written)
        {
            Frames.Add(Encoding.UTF8.GetString(frame.Span));
            return true;
        }

        public void Complete() => Completed = true;

        public void Close(ServerCloseReason reason) => Completed = true;

        public void Abort(string reason) => Completed = true;
    }
}
