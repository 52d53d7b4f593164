using System.Threading.Tasks.Sources;

namespace Orleans.Chat.SocketIo.Buffers;

/// <summary>
/// A bounded queue with many writers and one reader, in one object: a connection's outbound frames (the
/// gateway's native sessions) or its packets waiting for dispatch (a Socket.IO connection). A <c>Channel</c>
/// did this before in far more memory per idle connection: a bounded one held about 0.6 kB of reader, writer
/// and waiter objects, an unbounded one a 32-slot queue segment from the start (1.5 kB for a Socket.IO
/// connection's work items). This holds a small queue only from the first item on. A full queue refuses the
/// write. The reader's continuation never runs on a writer's thread. A long-lived reader waits without a
/// cancellation token (completing the queue ends the wait), which an idle connection would otherwise hold a
/// registration for; a short one (an Engine.IO long poll) may pass one.
/// </summary>
public sealed class SingleReaderQueue<T>(int capacity) : IValueTaskSource<bool>
{
    private Queue<T>? _items;
    private bool _completed;
    private bool _readerWaiting;
    private ManualResetValueTaskSourceCore<bool> _readable = new() { RunContinuationsAsynchronously = true };

    // Locks on itself: each queue is private to its connection, so nothing else takes this lock.
    private object Gate => this;

    /// <summary>False when the queue is full or completed.</summary>
    public bool TryWrite(T item)
    {
        lock (Gate)
        {
            if (_completed || (_items?.Count ?? 0) >= capacity)
            {
                return false;
            }

            (_items ??= new Queue<T>()).Enqueue(item);
            if (!_readerWaiting)
            {
                return true;
            }

            _readerWaiting = false;
        }

        _readable.SetResult(true);
        return true;
    }

    /// <summary>No more writes; the reader still gets what was queued. False when it was completed already.</summary>
    public bool TryComplete()
    {
        lock (Gate)
        {
            if (_completed)
            {
                return false;
            }

            _completed = true;
            if (!_readerWaiting)
            {
                return true;
            }

            _readerWaiting = false;
        }

        // A waiting reader found the queue empty: there is nothing more to read.
        _readable.SetResult(false);
        return true;
    }

    public bool TryRead(out T item)
    {
        lock (Gate)
        {
            if (_items is { Count: > 0 } items)
            {
                item = items.Dequeue();
                return true;
            }
        }

        item = default!;
        return false;
    }

    /// <summary>True once there is something to read; false when the queue is completed and empty. One reader, one wait at a time.</summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (Gate)
        {
            if (_items is { Count: > 0 })
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            _readable.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _readable.Version);
        }
    }

    /// <summary>
    /// <see cref="WaitToReadAsync()"/> that ends with <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled first. The registration lasts for this wait only.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return WaitToReadAsync();
        }

        short version;
        lock (Gate)
        {
            if (_items is { Count: > 0 })
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            _readable.Reset();
            _readerWaiting = true;
            version = _readable.Version;
        }

        // Outside the lock: a token cancelled meanwhile runs the callback right here.
        var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((CancelledWait)state!).Queue.CancelWait(((CancelledWait)state).Version, token),
            new CancelledWait(this, version));
        return WaitThenUnregisterAsync(new ValueTask<bool>(this, version), registration);
    }

    private static async ValueTask<bool> WaitThenUnregisterAsync(ValueTask<bool> wait, CancellationTokenRegistration registration)
    {
        try
        {
            return await wait.ConfigureAwait(false);
        }
        finally
        {
            await registration.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the wait <paramref name="version"/> if it is still the one pending (a late cancel of an earlier wait does nothing).</summary>
    private void CancelWait(short version, CancellationToken token)
    {
        lock (Gate)
        {
            if (!_readerWaiting || _readable.Version != version)
            {
                return;
            }

            _readerWaiting = false;
        }

        _readable.SetException(new OperationCanceledException(token));
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _readable.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _readable.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _readable.OnCompleted(continuation, state, token, flags);

    private sealed record CancelledWait(SingleReaderQueue<T> Queue, short Version);
}
