using Orleans.Chat.SocketIo.Buffers;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>The single-reader queue: bounded, many writers, one reader that waits without a token.</summary>
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
