using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// The one runner every protocol calls: the reply is queued before the command's after-reply step
/// (a join's live registration), failures become error replies, and a closed session gets none.
/// </summary>
public sealed class ClientEventRunnerTests
{
    private readonly List<string> _log = [];

    [Fact]
    public async Task The_reply_is_queued_before_the_after_reply_step_runs()
    {
        var written = new TaskCompletionSource();
        var dispatcher = new FakeDispatcher((_, _) => Task.FromResult(CommandReply.Ok(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck, AfterReply)));
        var evt = new FakeEvent("join-room", _log, written.Task);

        var run = Runner(dispatcher).RunAsync(NewSession(), evt).AsTask();

        Assert.Equal(["dispatch join-room", "release", "reply ok"], _log);
        written.SetResult();
        await run;
        Assert.Equal(["dispatch join-room", "release", "reply ok", "after"], _log);
    }

    [Fact]
    public async Task A_failed_command_gets_an_error_reply_and_no_after_reply_step()
    {
        var dispatcher = new FakeDispatcher((_, _) => Task.FromResult(CommandReply.Fail(ClientErrors.AccessDenied) with { AfterReply = AfterReply }));

        await Runner(dispatcher).RunAsync(NewSession(), new FakeEvent("join-room", _log));

        Assert.Equal(["dispatch join-room", "release", "reply access_denied"], _log);
    }

    [Fact]
    public async Task A_command_that_throws_is_answered_unavailable_and_its_payload_released()
    {
        var dispatcher = new FakeDispatcher((_, _) => Task.FromException<CommandReply>(new TimeoutException("grain call timed out")));

        await Runner(dispatcher).RunAsync(NewSession(), new FakeEvent("join-room", _log));

        Assert.Equal(["dispatch join-room", "release", "reply unavailable"], _log);
    }

    [Fact]
    public async Task Over_the_rate_limit_the_command_is_not_dispatched()
    {
        var dispatcher = new FakeDispatcher((_, _) => Task.FromResult(CommandReply.Success));
        var runner = Runner(dispatcher, eventsPerMinute: 1);
        var session = NewSession();

        await runner.RunAsync(session, new FakeEvent("typing", _log));
        await runner.RunAsync(session, new FakeEvent("typing", _log));

        Assert.Equal(["dispatch typing", "release", "reply ok", "release", "reply rate_limited"], _log);
    }

    [Fact]
    public async Task A_session_that_closes_cancels_its_command_and_gets_no_reply()
    {
        var dispatcher = new FakeDispatcher(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return CommandReply.Success;
        });
        var session = NewSession();

        var run = Runner(dispatcher).RunAsync(session, new FakeEvent("get-history", _log)).AsTask();
        Assert.False(run.IsCompleted);
        session.MarkClosed();
        await run;

        Assert.Equal(["dispatch get-history", "release"], _log);
    }

    [Fact]
    public async Task A_refused_event_is_answered_without_dispatch()
    {
        var dispatcher = new FakeDispatcher((_, _) => Task.FromResult(CommandReply.Success));

        await Runner(dispatcher).RefuseAsync(NewSession(), new FakeEvent("ping", _log), ClientErrors.UnknownEvent);

        Assert.Equal(["release", "reply unknown_event"], _log);
    }

    [Fact]
    public async Task Overlapping_events_run_together_and_each_replies_when_done()
    {
        var first = new TaskCompletionSource<CommandReply>();
        var second = new TaskCompletionSource<CommandReply>();
        var pending = new Queue<TaskCompletionSource<CommandReply>>([first, second]);
        var dispatcher = new FakeDispatcher((_, _) => pending.Dequeue().Task) { Overlaps = true };
        var runner = Runner(dispatcher);
        var session = NewSession();

        await runner.RunAsync(session, new FakeEvent("message", _log));
        await runner.RunAsync(session, new FakeEvent("message", _log));
        Assert.Equal(["dispatch message", "dispatch message"], _log);

        second.SetResult(CommandReply.Success);
        first.SetResult(CommandReply.Fail(ClientErrors.AccessDenied));
        await session.Commands.DrainAsync();
        Assert.Equal(["dispatch message", "dispatch message", "release", "reply ok", "release", "reply access_denied"], _log);
    }

    private Task AfterReply()
    {
        _log.Add("after");
        return Task.CompletedTask;
    }

    private ClientEventRunner Runner(FakeDispatcher dispatcher, int eventsPerMinute = 100)
    {
        dispatcher.Log = _log;
        var limiter = new ClientEventRateLimiter(Microsoft.Extensions.Options.Options.Create(new LimitsOptions { EventsPerMinute = eventsPerMinute }));
        return new ClientEventRunner(dispatcher, limiter, NullLogger<ClientEventRunner>.Instance);
    }

    private static ChatSession NewSession() => new(Guid.NewGuid().ToString("N"), new ChatUser($"u-{Guid.NewGuid():N}", "User"), new NullConnection());

    private sealed class FakeDispatcher(Func<string, CancellationToken, Task<CommandReply>> command) : ICommandDispatcher
    {
        public bool Overlaps { get; init; }
        public List<string> Log { get; set; } = [];

        public bool CanOverlap(string eventName) => Overlaps;

        public Task<CommandReply> DispatchAsync(ChatSession session, string eventName, JsonElement data, IEventBinary? binary, CancellationToken cancellationToken)
        {
            Log.Add($"dispatch {eventName}");
            return command(eventName, cancellationToken);
        }
    }

    private sealed class FakeEvent(string name, List<string> log, Task? written = null) : IClientEvent
    {
        public string Name => name;
        public JsonElement Data => default;
        public IEventBinary? Binary => null;

        public void ReleasePayload() => log.Add("release");

        public ValueTask WriteReplyAsync(ChatSession session, ClientReply reply)
        {
            log.Add(reply.Error is { } error ? $"reply {error.Code}" : "reply ok");
            return new ValueTask(written ?? Task.CompletedTask);
        }
    }

    private sealed class NullConnection : ISessionConnection
    {
        public IServerEventEncoder Encoder => NativeEventEncoder.Instance;
        public bool TrySend(ReadOnlyMemory<byte> frame, TaskCompletionSource? written) => true;
        public void Complete() { }
        public void Close(ServerCloseReason reason) { }
        public void Abort(string reason) { }
    }
}
