using System.Numerics;

namespace Orleans.Chat.Bench.Measurement;

/// <summary>
/// A log-linear histogram of microsecond values (about 1.6 % precision up to hours), recorded
/// without locks or allocation from any thread.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Magnitudes = 40;

    private readonly long[] _counts = new long[SubBuckets * (Magnitudes + 1)];
    private long _total;
    private long _max;

    public long Count => Volatile.Read(ref _total);

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0-100) in milliseconds; null when empty.</summary>
    public double? PercentileMs(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperBoundOf(i), Volatile.Read(ref _max)) / 1000.0;
            }
        }

        return Volatile.Read(ref _max) / 1000.0;
    }

    public double? MaxMs => Count == 0 ? null : Volatile.Read(ref _max) / 1000.0;

    private static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value); // >= SubBucketBits
        var shift = magnitude - SubBucketBits;
        var index = SubBuckets + (shift * SubBuckets) + (int)((value >> shift) & (SubBuckets - 1));
        return Math.Min(index, (SubBuckets * (Magnitudes + 1)) - 1);
    }

    private static long UpperBoundOf(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index - SubBuckets) / SubBuckets;
        var sub = (index - SubBuckets) % SubBuckets;
        var magnitudeBase = 1L << (shift + SubBucketBits);
        return magnitudeBase + (((long)sub + 1) << shift) - 1;
    }
}
