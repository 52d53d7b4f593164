using Microsoft.Extensions.Time.Testing;
using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

[Collection(ClientGatewayCollection.Name)]
public sealed class ConnectionTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Connect_returns_the_connected_payload_and_reports_the_states()
    {
        var userId = TestIds.User();
        var client = NewClient(userId);
        var states = new EventLog<ConnectionState>();
        var connectedEvents = new EventLog<ConnectedEvent>();
        var pongs = new EventLog<PongEvent>();
        client.StateChanged += states.Handler;
        client.Connected += connectedEvents.Handler;
        client.Pong += pongs.Handler;

        var session = await client.ConnectAsync();

        Assert.Equal(userId, session.UserId);
        Assert.False(string.IsNullOrEmpty(session.SessionId));
        Assert.Empty(session.Rooms);
        Assert.True(session.ServerTime > 0);
        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.Same(session, client.Session);
        Assert.Same(session, await client.ConnectAsync()); // connected already: the same payload

        await client.PingAsync();
        var pong = await pongs.WaitForAsync(_ => true, "pong");
        Assert.True(pong.Timestamp > 0);
        await states.WaitUntilAsync(s => s.Count == 2, "two states");
        Assert.Equal([ConnectionState.Connecting, ConnectionState.Connected], states.Received);
        Assert.Equal(session, (await connectedEvents.WaitUntilAsync(e => e.Count == 1, "connected event"))[0]);
    }

    [Fact]
    public async Task Connect_with_a_bad_token_fails_with_connect_failed_and_does_not_retry()
    {
        var calls = 0;
        var client = NewClient("nobody", options => options with
        {
            TokenProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult("not-a-jwt");
            },
        });

        var error = await Assert.ThrowsAsync<ChatException>(() => client.ConnectAsync());

        Assert.Equal(ChatErrorCodes.ConnectFailed, error.Code);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Disconnected, client.State);
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Requests_made_before_connecting_wait_for_the_connection_without_timing_out()
    {
        var time = new FakeTimeProvider();
        var client = NewClient(TestIds.User(), options => options with { TimeProvider = time, AckTimeout = TimeSpan.FromSeconds(1) });
        var roomId = TestIds.Room();

        var join = client.JoinRoomAsync(roomId);
        var send = client.SendMessageAsync(roomId, "queued before connect");
        time.Advance(TimeSpan.FromMinutes(10)); // the ack timeout counts on a live connection only
        await Task.Delay(50);
        Assert.False(join.IsCompleted);
        Assert.False(send.IsCompleted);

        await client.ConnectAsync();

        Assert.Equal(roomId, (await join).Room.Id);
        Assert.Equal(1, (await send).Seq);
    }

    [Fact]
    public async Task A_request_without_an_ack_times_out_and_disposal_fails_what_is_left()
    {
        var client = await ConnectedAsync(configure: options => options with { AckTimeout = TimeSpan.FromMilliseconds(300) });
        client.PauseReceivingForTesting();

        var timeout = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.PingAsync());
        Assert.Equal(ChatErrorCodes.Timeout, timeout.Code);
        Assert.Equal("ping", timeout.EventType);

        using var cancel = new CancellationTokenSource();
        var cancelled = client.SendMessageAsync(TestIds.Room(), "cancelled", cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var pending = client.GetHistoryAsync(TestIds.Room());
        await client.DisposeAsync();
        Assert.Equal(ChatErrorCodes.Closed, (await Assert.ThrowsAsync<ChatException>(() => pending)).Code);
        Assert.Equal(ConnectionState.Disconnected, client.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PingAsync());
    }

    [Fact]
    public async Task A_slow_or_failing_handler_holds_up_neither_the_connection_nor_the_events_after_it()
    {
        var failures = new EventLog<Exception>();
        var client = await ConnectedAsync(configure: options => options with { HandlerExceptionCallback = failures.Add });
        var roomId = TestIds.Room();
        await client.JoinRoomAsync(roomId);
        var release = new TaskCompletionSource();
        var seen = new EventLog<ChatMessage>();
        client.NewMessage += (_, message) =>
        {
            if (message.Seq == 1)
            {
                release.Task.Wait(); // a handler stuck on the first message
            }

            if (message.Seq == 2)
            {
                throw new InvalidOperationException("handler failed");
            }
        };
        client.NewMessage += seen.Handler;

        for (var i = 1; i <= 3; i++)
        {
            await client.SendMessageAsync(roomId, $"m{i}"); // acks arrive while the handler is stuck
        }

        await client.PingAsync();
        Assert.Equal(0, seen.Count);
        release.SetResult();

        // The throwing handler does not keep the next one from m2.
        Assert.Equal([1L, 2, 3], (await seen.WaitUntilAsync(m => m.Count == 3, "m1 to m3")).Select(m => m.Seq));
        Assert.Equal("handler failed", (await failures.WaitUntilAsync(f => f.Count == 1, "the handler's failure"))[0].Message);
    }
}
