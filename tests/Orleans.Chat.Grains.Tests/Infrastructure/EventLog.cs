namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Events recorded as they arrive, and a wait for the ones a test expects.</summary>
public abstract class EventLog<T>
{
    private readonly List<T> _received = [];

    public IReadOnlyList<T> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits until the received items satisfy <paramref name="done"/>; fails after the timeout.</summary>
    public async Task<IReadOnlyList<T>> WaitUntilAsync(Func<IReadOnlyList<T>, bool> done, TimeSpan? timeout = null)
    {
        var received = Received;
        await Eventually.TrueAsync(() =>
        {
            received = Received;
            return Task.FromResult(done(received));
        }, timeout, "the events expected");
        return received;
    }

    protected void Record(T item)
    {
        lock (_received)
        {
            _received.Add(item);
        }
    }
}
