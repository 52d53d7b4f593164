using System.Text.Json;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client.Internal;

/// <summary>
/// A request waiting for its ack. It keeps its encoded frame (id and clientMsgId included), so a
/// re-send after a reconnect is byte for byte the same request. Mutable state is guarded by the client's lock.
/// </summary>
internal sealed class PendingRequest(string id, string type, byte[] frame, bool resend, bool bound = false)
{
    private readonly TaskCompletionSource<JsonElement> _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;

    public string Id { get; } = id;

    /// <summary>The protocol event (<c>message</c>, <c>join-room</c>, ...).</summary>
    public string Type { get; } = type;

    public byte[] Frame { get; } = frame;

    /// <summary>False for requests that must not be repeated on a new connection (typing, ping, recovery joins).</summary>
    public bool Resend { get; } = resend && !bound;

    /// <summary>Belongs to the connection it was made on (upload chunks, call signals): failed at a drop, even if not written yet.</summary>
    public bool Bound { get; } = bound;

    /// <summary>Written to the current connection and not acked yet.</summary>
    public bool Sent { get; private set; }

    /// <summary>Counts the writes, so that a timer of an earlier write cannot time out a later one.</summary>
    public int Attempt { get; private set; }

    /// <summary>The success ack's data; fails with the error ack's <see cref="ChatException"/>.</summary>
    public Task<JsonElement> Ack => _ack.Task;

    /// <summary>Records a write and starts its ack timer.</summary>
    public void MarkSent(TimeProvider time, TimeSpan timeout, Action<PendingRequest, int> onTimeout)
    {
        Sent = true;
        var attempt = ++Attempt;
        StopTimer();
        _timer = time.CreateTimer(_ => onTimeout(this, attempt), null, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The connection is gone: the request is no longer in flight.</summary>
    public void MarkUnsent()
    {
        Sent = false;
        StopTimer();
    }

    public void Complete(JsonElement data)
    {
        StopTimer();
        if (AckReader.TryGetError(data) is { } error)
        {
            _ack.TrySetException(error);
        }
        else
        {
            _ack.TrySetResult(data);
        }
    }

    public void Fail(Exception error)
    {
        StopTimer();
        _ack.TrySetException(error);
    }

    public void Cancel(CancellationToken cancellationToken)
    {
        StopTimer();
        _ack.TrySetCanceled(cancellationToken);
    }

    // Also called outside the client's lock (completion, cancellation), hence the exchange.
    private void StopTimer() => Interlocked.Exchange(ref _timer, null)?.Dispose();
}
