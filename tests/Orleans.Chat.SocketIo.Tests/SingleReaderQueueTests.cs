using Orleans.Chat.SocketIo.Buffers;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>The single-reader queue: bounded, many writers, one reader that waits without a token or with one for a single wait.</summary>
public sealed class SingleReaderQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_full_queue_refuses_the_write_and_takes_one_again_after_a_read()
    {
        var queue = new SingleReaderQueue<int>(2);

        Assert.True(queue.TryWrite(1));
        Assert.True(queue.TryWrite(2));
        Assert.False(queue.TryWrite(3));
        Assert.True(queue.TryRead(out var first));
        Assert.Equal(1, first);
        Assert.True(queue.TryWrite(4));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_for_a_write_and_ends_on_completion_after_the_rest_is_read()
    {
        var queue = new SingleReaderQueue<int>(8);
        var waiting = queue.WaitToReadAsync();
        Assert.False(waiting.IsCompleted);

        queue.TryWrite(7);
        Assert.True(await waiting.AsTask().WaitAsync(Timeout));
        queue.TryWrite(8);
        Assert.True(queue.TryComplete());
        Assert.False(queue.TryComplete());
        Assert.False(queue.TryWrite(9));

        // Completed, but what was queued is still read.
        Assert.True(await queue.WaitToReadAsync());
        Assert.True(queue.TryRead(out var seven));
        Assert.True(queue.TryRead(out var eight));
        Assert.Equal((7, 8), (seven, eight));
        Assert.False(queue.TryRead(out _));
        Assert.False(await queue.WaitToReadAsync());
    }

    [Fact]
    public async Task Completing_an_empty_queue_ends_the_wait_with_false()
    {
        var queue = new SingleReaderQueue<int>(8);
        var waiting = queue.WaitToReadAsync();

        queue.TryComplete();

        Assert.False(await waiting.AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_cancelled_wait_ends_with_cancellation_and_a_late_cancel_leaves_the_next_wait_alone()
    {
        var queue = new SingleReaderQueue<int>(8);
        using var first = new CancellationTokenSource();
        var cancelled = queue.WaitToReadAsync(first.Token).AsTask();
        Assert.False(cancelled.IsCompleted);

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));

        // The next wait, with a token of its own, still wakes for a write.
        using var second = new CancellationTokenSource();
        var woken = queue.WaitToReadAsync(second.Token).AsTask();
        Assert.False(woken.IsCompleted);
        queue.TryWrite(5);
        Assert.True(await woken.WaitAsync(Timeout));

        // A cancel after the wait ended changes nothing: the item is still there, and so is a wait after it.
        await second.CancelAsync();
        Assert.True(queue.TryRead(out var five));
        Assert.Equal(5, five);
        var plain = queue.WaitToReadAsync();
        Assert.False(plain.IsCompleted);
        queue.TryComplete();
        Assert.False(await plain.AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_wait_with_a_token_cancelled_beforehand_ends_at_once_unless_something_is_queued()
    {
        var queue = new SingleReaderQueue<int>(8);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.WaitToReadAsync(cancelled.Token).AsTask());
        queue.TryWrite(1);
        Assert.True(await queue.WaitToReadAsync(cancelled.Token));
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing_and_keep_each_writers_order()
    {
        const int Writers = 4;
        const int PerWriter = 20_000;
        var queue = new SingleReaderQueue<(int Writer, int Seq)>(Writers * PerWriter);
        var last = Enumerable.Repeat(-1, Writers).ToArray();
        var read = 0;
        var reader = Task.Run(async () =>
        {
            while (await queue.WaitToReadAsync())
            {
                while (queue.TryRead(out var item))
                {
                    Assert.Equal(last[item.Writer] + 1, item.Seq);
                    last[item.Writer] = item.Seq;
                    read++;
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(() =>
        {
            for (var seq = 0; seq < PerWriter; seq++)
            {
                Assert.True(queue.TryWrite((writer, seq)));
            }
        })));
        queue.TryComplete();
        await reader.WaitAsync(Timeout);

        Assert.Equal(Writers * PerWriter, read);
        Assert.All(last, seq => Assert.Equal(PerWriter - 1, seq));
    }
}
