namespace Orleans.Chat.Bench.Measurement;

/// <summary>The seqs the server acknowledged in one room (written by every sender of the room).</summary>
public sealed class SeqSet
{
    private readonly Lock _gate = new();
    private ulong[] _bits = new ulong[16];

    public long Count { get; private set; }

    public long Highest { get; private set; }

    public void Add(long seq)
    {
        if (seq <= 0)
        {
            return;
        }

        lock (_gate)
        {
            var word = (int)(seq >> 6);
            if (word >= _bits.Length)
            {
                Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
            }

            var bit = 1UL << (int)(seq & 63);
            if ((_bits[word] & bit) == 0)
            {
                _bits[word] |= bit;
                Count++;
                Highest = Math.Max(Highest, seq);
            }
        }
    }

    public List<long> Snapshot()
    {
        lock (_gate)
        {
            var seqs = new List<long>((int)Count);
            for (var word = 0; word < _bits.Length; word++)
            {
                var bits = _bits[word];
                while (bits != 0)
                {
                    var bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                    seqs.Add(((long)word << 6) + bit);
                    bits &= bits - 1;
                }
            }

            return seqs;
        }
    }
}
