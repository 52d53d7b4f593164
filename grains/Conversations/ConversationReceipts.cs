using Orleans.Chat.Model;
using Orleans.Runtime;

namespace Orleans.Chat.Grains;

/// <summary>
/// Read receipts of one conversation, at most one per reader per <see cref="Interval"/>: the first read
/// of a quiet interval goes out at once; later reads within it replace the held receipt, which a
/// one-shot grain timer sends when the interval ends. Held only in the activation: a receipt is a
/// hint, the read cursor itself is stored.
/// </summary>
/// <remarks>Called from grain turns only (the timer does not interleave), so no lock.</remarks>
internal sealed class ConversationReceipts(IGrainBase grain, TimeProvider time, Func<ReadReceipt, Task> send)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Reader> _readers = new(StringComparer.Ordinal);

    /// <summary>The reader's cursor moved: sends the receipt now, or holds it until the reader's interval ends.</summary>
    public Task ReadAsync(ReadReceipt receipt)
    {
        if (!_readers.TryGetValue(receipt.UserId, out var reader))
        {
            reader = new Reader();
            _readers[receipt.UserId] = reader;
        }

        var now = time.GetUtcNow();
        if (reader.Held is null && now - reader.LastSent >= Interval)
        {
            reader.LastSent = now;
            return send(receipt);
        }

        var wasHolding = reader.Held is not null;
        reader.Held = receipt;
        if (!wasHolding)
        {
            var due = reader.LastSent + Interval - now;
            due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
            if (reader.Timer is null)
            {
                reader.Timer = grain.RegisterGrainTimer(FlushAsync, reader, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
            }
            else
            {
                reader.Timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }

        return Task.CompletedTask;
    }

    private Task FlushAsync(Reader reader)
    {
        if (reader.Held is not { } receipt)
        {
            return Task.CompletedTask;
        }

        reader.Held = null;
        reader.LastSent = time.GetUtcNow();
        return send(receipt);
    }

    private sealed class Reader
    {
        public DateTimeOffset LastSent { get; set; } = DateTimeOffset.MinValue;

        public ReadReceipt? Held { get; set; }

        public IGrainTimer? Timer { get; set; }
    }
}
