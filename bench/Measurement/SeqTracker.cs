using System.Numerics;

namespace Orleans.Chat.Bench.Measurement;

/// <summary>
/// What one receiver got from one room, by seq: distinct messages, duplicates (a seq seen
/// before) and reordered ones (a new seq below the highest seen). Touched only by the
/// receiver's receive loop.
/// </summary>
public sealed class SeqTracker
{
    private ulong[] _seen = new ulong[4];

    /// <summary>The room's last seq when the receiver joined: it expects every seq above it.</summary>
    public long BaseSeq { get; set; }

    public long Distinct { get; private set; }
    public long Duplicates { get; private set; }
    public long Reordered { get; private set; }
    public long Highest { get; private set; }

    /// <summary>Messages at or below <see cref="BaseSeq"/>: already in the join ack.</summary>
    public long Stale { get; private set; }

    public void OnSeq(long seq)
    {
        var offset = seq - BaseSeq - 1;
        if (offset < 0)
        {
            Stale++;
            return;
        }

        var word = (int)(offset >> 6);
        if (word >= _seen.Length)
        {
            Array.Resize(ref _seen, Math.Max(word + 1, _seen.Length * 2));
        }

        var bit = 1UL << (int)(offset & 63);
        if ((_seen[word] & bit) != 0)
        {
            Duplicates++;
            return;
        }

        _seen[word] |= bit;
        Distinct++;
        if (seq < Highest)
        {
            Reordered++;
        }
        else
        {
            Highest = seq;
        }
    }

    public bool Has(long seq)
    {
        var offset = seq - BaseSeq - 1;
        if (offset < 0)
        {
            return true;
        }

        var word = (int)(offset >> 6);
        return word < _seen.Length && (_seen[word] & (1UL << (int)(offset & 63))) != 0;
    }

    /// <summary>How many of the seqs in <paramref name="acked"/> (above the base) this receiver never got.</summary>
    public long Missing(SeqSet acked)
    {
        long missing = 0;
        foreach (var seq in acked.Snapshot())
        {
            if (seq > BaseSeq && !Has(seq))
            {
                missing++;
            }
        }

        return missing;
    }

    public static int PopCount(ulong word) => BitOperations.PopCount(word);
}
