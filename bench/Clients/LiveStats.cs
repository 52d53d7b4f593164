using System.Diagnostics;
using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Clients;

/// <summary>The counters every client of a scenario adds to while it runs.</summary>
public sealed class LiveStats
{
    private long _delivered;
    private long _sent;
    private long _acked;
    private long _ackFailures;
    private long _serverErrors;
    private long _unexpectedCloses;
    private long _stalls;
    private long _readsAcked;
    private long _receipts;
    private volatile bool _recording;

    /// <summary>Send-to-receipt latency of the messages delivered while recording.</summary>
    public LatencyHistogram Latency { get; } = new();

    public long Delivered => Volatile.Read(ref _delivered);
    public long Sent => Volatile.Read(ref _sent);
    public long Acked => Volatile.Read(ref _acked);
    public long AckFailures => Volatile.Read(ref _ackFailures);
    public long ServerErrors => Volatile.Read(ref _serverErrors);
    public long UnexpectedCloses => Volatile.Read(ref _unexpectedCloses);
    public long Stalls => Volatile.Read(ref _stalls);

    /// <summary>mark-read requests acknowledged (read-receipts scenario).</summary>
    public long ReadsAcked => Volatile.Read(ref _readsAcked);

    /// <summary>read-receipt events received.</summary>
    public long Receipts => Volatile.Read(ref _receipts);

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>The first errors, to show what went wrong.</summary>
    public List<string> ErrorSamples { get; } = [];

    public void OnDelivered(long sendTicks)
    {
        Interlocked.Increment(ref _delivered);
        if (_recording && sendTicks > 0)
        {
            Latency.Record((Stopwatch.GetTimestamp() - sendTicks) * 1_000_000 / Stopwatch.Frequency);
        }
    }

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnAck(bool success)
    {
        Interlocked.Increment(ref _acked);
        if (!success)
        {
            Interlocked.Increment(ref _ackFailures);
        }
    }

    public void OnStall() => Interlocked.Increment(ref _stalls);

    public void OnReadAck(bool success)
    {
        Interlocked.Increment(ref _readsAcked);
        if (!success)
        {
            Interlocked.Increment(ref _ackFailures);
        }
    }

    public void OnReceipt() => Interlocked.Increment(ref _receipts);

    public void OnServerError(ReadOnlySpan<byte> frame)
    {
        Interlocked.Increment(ref _serverErrors);
        Sample(System.Text.Encoding.UTF8.GetString(frame[..Math.Min(frame.Length, 200)]));
    }

    public void OnUnexpectedClose(Exception? error)
    {
        Interlocked.Increment(ref _unexpectedCloses);
        Sample($"connection closed: {error?.Message ?? "by the server"}");
    }

    public void Sample(string error)
    {
        lock (ErrorSamples)
        {
            if (ErrorSamples.Count < 5)
            {
                ErrorSamples.Add(error);
            }
        }
    }
}
