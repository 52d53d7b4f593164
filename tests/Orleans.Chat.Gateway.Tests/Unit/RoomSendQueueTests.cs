using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>
/// The per-room send queue against a room whose calls the test answers. Each test body runs with no
/// synchronization context, so answering a call runs the queue on at once: after each step,
/// "no call made" means none will be.
/// </summary>
public sealed class RoomSendQueueTests
{
    private readonly FakeRoom _room = new();

    [Fact]
    public Task An_idle_queue_sends_at_once() => Inline(() =>
    {
        var queue = new RoomSendQueue(_room.Grain);

        var sent = queue.SendAsync(Request("a"));

        Assert.Equal(["a"], _room.Calls.Single().Contents);
        Assert.False(sent.IsCompleted);

        _room.Calls[0].Answer();
        Assert.Equal(1, sent.Result.Seq);
    });

    [Fact]
    public Task At_most_two_calls_are_in_flight_and_sends_waiting_go_together() => Inline(() =>
    {
        var queue = new RoomSendQueue(_room.Grain);

        var sends = new[] { "a", "b", "c", "d", "e" }.Select(content => queue.SendAsync(Request(content))).ToArray();

        Assert.Equal(RoomSendQueue.MaxInFlight, _room.Calls.Count);
        Assert.Equal(["a"], _room.Calls[0].Contents);
        Assert.Equal(["b"], _room.Calls[1].Contents);

        _room.Calls[0].Answer();
        Assert.Equal(3, _room.Calls.Count);
        Assert.Equal(["c", "d", "e"], _room.Calls[2].Contents);

        _room.Calls[1].Answer();
        _room.Calls[2].Answer();
        Assert.Equal(3, _room.Calls.Count);
        Assert.Equal([1L, 2, 3, 4, 5], sends.Select(send => send.Result.Seq));
    });

    [Fact]
    public Task A_batch_holds_at_most_MaxBatch_sends_in_their_order() => Inline(() =>
    {
        var queue = new RoomSendQueue(_room.Grain);
        var contents = Enumerable.Range(0, 2 + RoomSendQueue.MaxBatch + 10).Select(i => $"m{i}").ToArray();

        var sends = contents.Select(content => queue.SendAsync(Request(content))).ToArray();
        _room.Calls[0].Answer();
        _room.Calls[1].Answer();

        Assert.Equal(4, _room.Calls.Count);
        Assert.Equal(contents.Skip(2).Take(RoomSendQueue.MaxBatch), _room.Calls[2].Contents);
        Assert.Equal(contents.Skip(2 + RoomSendQueue.MaxBatch), _room.Calls[3].Contents);

        _room.Calls[2].Answer();
        _room.Calls[3].Answer();
        Assert.Equal(Enumerable.Range(1, contents.Length).Select(seq => (long)seq), sends.Select(send => send.Result.Seq));
    });

    [Fact]
    public Task A_failed_call_fails_its_sends_only_and_the_queue_goes_on() => Inline(() =>
    {
        var queue = new RoomSendQueue(_room.Grain);
        var first = queue.SendAsync(Request("a"));
        var second = queue.SendAsync(Request("b"));
        var waiting = new[] { queue.SendAsync(Request("c")), queue.SendAsync(Request("d")) };

        var failure = new TimeoutException("room unavailable");
        _room.Calls[0].Fail(failure);

        Assert.Same(failure, first.Exception!.InnerException);
        Assert.False(second.IsCompleted);
        Assert.Equal(["c", "d"], _room.Calls[2].Contents);

        _room.Calls[1].Answer();
        _room.Calls[2].Fail(failure);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.All(waiting, send => Assert.Same(failure, send.Exception!.InnerException));

        var later = queue.SendAsync(Request("e"));
        Assert.Equal(["e"], _room.Calls[3].Contents);
        _room.Calls[3].Answer();
        Assert.True(later.IsCompletedSuccessfully);
    });

    [Fact]
    public Task Each_send_gets_its_own_answer_from_the_batch() => Inline(() =>
    {
        var queue = new RoomSendQueue(_room.Grain);
        queue.SendAsync(Request("a"));
        queue.SendAsync(Request("b"));
        var third = queue.SendAsync(Request("c"));
        var fourth = queue.SendAsync(Request("d"));

        _room.Calls[0].Answer();
        _room.Calls[2].Answer(SendMessageResult.Failed(ChatError.NotInRoom), SendMessageResult.Failed(ChatError.InvalidFormat));

        Assert.Equal(ChatError.NotInRoom, third.Result.Error);
        Assert.Equal(ChatError.InvalidFormat, fourth.Result.Error);
    });

    [Fact]
    public Task The_idle_mark_is_taken_only_with_no_send_since_the_last_mark_and_none_in_flight() => Inline(() =>
    {
        var queue = new RoomSendQueue(_room.Grain);
        Assert.True(queue.TakeIdleMark());

        queue.SendAsync(Request("a"));
        Assert.False(queue.TakeIdleMark()); // used since the last mark
        Assert.False(queue.TakeIdleMark()); // still in flight

        _room.Calls[0].Answer();
        Assert.True(queue.TakeIdleMark());
    });

    private static SendMessageRequest Request(string content) => new() { Sender = new UserRef { Id = "alice", Name = "alice" }, Content = content };

    private static Task Inline(Action body) => Task.Run(body);

    /// <summary>A room that records each SendBatch call and answers it when the test says.</summary>
    private sealed class FakeRoom
    {
        private long _lastSeq;

        public FakeRoom() => Grain = CallHandlerProxy.Create<IRoomGrain>((method, args) => method switch
        {
            nameof(IRoomGrain.SendBatch) => Record((SendMessageRequest[])args[0]!),
            _ => throw new NotSupportedException(method),
        });

        public IRoomGrain Grain { get; }

        public List<Call> Calls { get; } = [];

        private Task<SendMessageResult[]> Record(SendMessageRequest[] requests)
        {
            var call = new Call(this, requests);
            Calls.Add(call);
            return call.Result.Task;
        }

        public sealed class Call(FakeRoom room, SendMessageRequest[] requests)
        {
            // Not run asynchronously: answering runs the queue's next step on the test's thread.
            public TaskCompletionSource<SendMessageResult[]> Result { get; } = new();

            public string[] Contents => [.. requests.Select(request => request.Content)];

            /// <summary>Stores every request with the room's next seqs, unless answers are given.</summary>
            public void Answer(params SendMessageResult[] answers) => Result.SetResult(answers.Length > 0
                ? answers
                : [.. requests.Select(_ => new SendMessageResult { MessageId = Guid.NewGuid().ToString("N"), Seq = ++room._lastSeq })]);

            public void Fail(Exception exception) => Result.SetException(exception);
        }
    }
}
