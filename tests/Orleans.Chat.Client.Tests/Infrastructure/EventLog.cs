namespace Orleans.Chat.Client.Tests.Infrastructure;

/// <summary>Records the payloads of one client event, in order, and lets a test wait for what it expects.</summary>
public sealed class EventLog<T>
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The handler to subscribe: <c>client.NewMessage += log.Handler</c>.</summary>
    public EventHandler<T> Handler => (_, item) => Add(item);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    public List<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    /// <summary>Waits until the recorded payloads satisfy the condition; fails naming <paramref name="what"/>.</summary>
    public async Task<List<T>> WaitUntilAsync(Func<List<T>, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            Task changed;
            List<T> items;
            lock (_gate)
            {
                items = [.. _items];
                changed = _changed.Task;
            }

            if (condition(items))
            {
                return items;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{what}: not reached in time; {items.Count} recorded: {string.Join(", ", items.TakeLast(10))}");
            }
        }
    }

    /// <summary>Waits for a payload (recorded before or after this call) that matches.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, string what, TimeSpan? timeout = null) =>
        (await WaitUntilAsync(items => items.Any(match), what, timeout)).First(match);
}
