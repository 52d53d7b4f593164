using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>One send as the sender saw it: how long the attempt took and how it ended ("ok", an error code, "timeout", "closed").</summary>
public sealed record SendAttempt(string UserId, string RoomId, string ClientMsgId, DateTime StartedAt, TimeSpan Duration, string Outcome);

/// <summary>A message the cluster acknowledged.</summary>
public sealed record AckedMessage(string UserId, string RoomId, string ClientMsgId, string Content, string MessageId, long Seq, DateTime AckedAt);

/// <summary>
/// A user of the tests the way a well-behaved client application works: messages carry a
/// clientMsgId and are retried with the same one until acknowledged; when its connection
/// drops it reconnects and re-joins each of its rooms with sinceSeq = the last seq it has.
/// Every connection's frames are kept, so <see cref="View"/> can check what it got.
/// </summary>
public sealed class ChatMember(string userId, Func<Task<TestChatClient>> connect, Action<string>? log = null) : IAsyncDisposable
{
    /// <summary>How long one request may wait for its ack before the member gives up on it and retries (Orleans' own response timeout is 30 s).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly List<TestChatClient> _connections = [];
    private readonly List<string> _rooms = [];
    private readonly List<SendAttempt> _attempts = [];
    private readonly List<AckedMessage> _acked = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Func<Task<TestChatClient>> _connect = connect;
    private DateTime? _inFlightSince;

    public string UserId { get; } = userId;

    /// <summary>The live connection (the newest).</summary>
    public TestChatClient Client => _connections[^1];

    public int ConnectionCount => _connections.Count;

    /// <summary>Rooms this member joined.</summary>
    public IReadOnlyList<string> Rooms => _rooms;

    public IReadOnlyList<SendAttempt> Attempts { get { lock (_attempts) { return [.. _attempts]; } } }

    /// <summary>When the send attempt now waiting for its ack began (null: none is waiting).</summary>
    public DateTime? InFlightSince { get { lock (_attempts) { return _inFlightSince; } } }

    public IReadOnlyList<AckedMessage> Acked { get { lock (_acked) { return [.. _acked]; } } }

    public static async Task<ChatMember> ConnectAsync(string userId, Func<Task<TestChatClient>> connect, Action<string>? log = null)
    {
        var member = new ChatMember(userId, connect, log);
        member._connections.Add(await connect());
        return member;
    }

    /// <summary>Where the next reconnect goes (a client moving to another gateway).</summary>
    public void ReconnectVia(Func<Task<TestChatClient>> connect) => _connect = connect;

    /// <summary>First join of a room (no sinceSeq); throws on an error ack.</summary>
    public async Task<JsonElement> JoinAsync(string roomId)
    {
        var ack = await Client.RequestOkAsync("join-room", new { roomId }, TimeSpan.FromSeconds(30));
        _rooms.Add(roomId);
        return ack;
    }

    /// <summary>
    /// Sends until the cluster acknowledges: on `unavailable`, on a request that got no ack in
    /// time and on a dropped connection (after reconnecting), the same clientMsgId is sent again.
    /// </summary>
    public async Task<AckedMessage> SendAsync(string roomId, string content, TimeSpan giveUpAfter, string? clientMsgId = null)
    {
        clientMsgId ??= TestIds.ClientMsg();
        var giveUpAt = DateTime.UtcNow + giveUpAfter;
        while (true)
        {
            var startedAt = DateTime.UtcNow;
            var watch = Stopwatch.StartNew();
            lock (_attempts)
            {
                _inFlightSince = startedAt;
            }

            string outcome;
            try
            {
                await EnsureConnectedAsync(giveUpAt);
                var ack = await Client.RequestAsync("message", new { roomId, content, clientMsgId }, AttemptTimeout);
                if (ack.TryGetProperty("success", out _))
                {
                    Record(new SendAttempt(UserId, roomId, clientMsgId, startedAt, watch.Elapsed, "ok"));
                    var acked = new AckedMessage(UserId, roomId, clientMsgId, content, ack.GetProperty("messageId").GetString()!, ack.GetProperty("seq").GetInt64(), DateTime.UtcNow);
                    lock (_acked)
                    {
                        _acked.Add(acked);
                    }

                    return acked;
                }

                outcome = ack.GetProperty("code").GetString()!;
                if (outcome != "unavailable")
                {
                    Record(new SendAttempt(UserId, roomId, clientMsgId, startedAt, watch.Elapsed, outcome));
                    throw new Xunit.Sdk.XunitException($"{UserId}: message to {roomId} was refused: {ack.GetRawText()}");
                }
            }
            catch (TimeoutException)
            {
                outcome = "timeout";
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException
                || (ex is InvalidOperationException && ex.Message.Contains("closed", StringComparison.Ordinal)))
            {
                outcome = "closed"; // reconnects before the next attempt
            }

            Record(new SendAttempt(UserId, roomId, clientMsgId, startedAt, watch.Elapsed, outcome));
            if (DateTime.UtcNow > giveUpAt)
            {
                throw new TimeoutException($"{UserId}: message {clientMsgId} to {roomId} was not acknowledged within {giveUpAfter.TotalSeconds:0} s; last outcome {outcome}.");
            }

            await Task.Delay(RetryDelay);
        }
    }

    /// <summary>
    /// Sends an already acknowledged message again with its clientMsgId (as a client does whose ack
    /// got lost) and returns the ack; not recorded as a new message.
    /// </summary>
    public async Task<JsonElement> ResendAsync(AckedMessage message)
    {
        await EnsureConnectedAsync(DateTime.UtcNow + TimeSpan.FromSeconds(30));
        return await Client.RequestAsync("message", new { roomId = message.RoomId, content = message.Content, clientMsgId = message.ClientMsgId }, AttemptTimeout);
    }

    /// <summary>
    /// When the connection has dropped: connects again and re-joins every room with sinceSeq =
    /// the last seq received there, retrying while the cluster answers `unavailable`.
    /// </summary>
    public async Task EnsureConnectedAsync(DateTime giveUpAt)
    {
        await _gate.WaitAsync();
        try
        {
            while (Client.Closed.IsCompleted)
            {
                try
                {
                    var client = await _connect();
                    _connections.Add(client);
                    log?.Invoke($"{UserId} reconnected (connection #{_connections.Count})");
                    foreach (var roomId in _rooms)
                    {
                        await RejoinAsync(client, roomId, giveUpAt);
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or TimeoutException or InvalidOperationException && DateTime.UtcNow < giveUpAt)
                {
                    log?.Invoke($"{UserId} reconnect failed: {ex.Message.Split('\n')[0]}");
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What this user got of the room over all its connections (see <see cref="RoomView"/>).</summary>
    public RoomView View(string roomId) => RoomView.Build(roomId, _connections.Select(connection => connection.Frames()).ToList());

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task RejoinAsync(TestChatClient client, string roomId, DateTime giveUpAt)
    {
        while (true)
        {
            var sinceSeq = RoomView.Build(roomId, _connections.Take(_connections.Count - 1).Select(connection => connection.Frames()).ToList()).LastSeq;
            var ack = await client.RequestAsync("join-room", new { roomId, sinceSeq }, AttemptTimeout);
            if (ack.TryGetProperty("success", out _))
            {
                return;
            }

            if (ack.GetProperty("code").GetString() != "unavailable" || DateTime.UtcNow > giveUpAt)
            {
                throw new InvalidOperationException($"{UserId}: re-join of {roomId} failed: {ack.GetRawText()}");
            }

            await Task.Delay(RetryDelay);
        }
    }

    private void Record(SendAttempt attempt)
    {
        lock (_attempts)
        {
            _attempts.Add(attempt);
            _inFlightSince = null;
        }
    }
}
