namespace Orleans.Chat.Bench.Clients;

/// <summary>
/// Bounds a closed-loop sender's messages in flight: a message leaves the window once it is
/// acknowledged and its own copy came back through the room (so the window also bounds what
/// the server has queued for the room, on servers that ack before they deliver).
/// </summary>
public sealed class MessageWindow(int size)
{
    private readonly SemaphoreSlim _slots = new(size, size);
    private long _acks;
    private long _echoes;
    private long _completed;
    private long _sent;

    public int Size { get; } = size;

    public long Sent => Volatile.Read(ref _sent);

    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Waits for a free slot; false after <paramref name="timeout"/> (the caller sends anyway).</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _slots.WaitAsync(timeout, cancellationToken);

    public void OnSent() => Interlocked.Increment(ref _sent);

    /// <summary>Called from the sender's receive loop only.</summary>
    public void OnAck(bool success)
    {
        _acks++;
        if (!success)
        {
            _echoes++; // a refused message will not come back
        }

        Complete();
    }

    /// <summary>Called from the sender's receive loop only.</summary>
    public void OnEcho()
    {
        _echoes++;
        Complete();
    }

    private void Complete()
    {
        var done = Math.Min(Math.Min(_acks, _echoes), Sent);
        while (_completed < done)
        {
            Volatile.Write(ref _completed, _completed + 1);
            if (_slots.CurrentCount < Size)
            {
                _slots.Release();
            }
        }
    }
}
