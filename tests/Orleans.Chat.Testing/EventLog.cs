namespace Orleans.Chat.Testing;

/// <summary>
/// Records items (client events, observer events) in order as they arrive, and lets a test wait for
/// what it expects without polling: every <see cref="Add"/> wakes the waiters.
/// </summary>
public class EventLog<T>
{
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

    /// <summary>Everything recorded so far, in order.</summary>
    public IReadOnlyList<T> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
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

    /// <summary>Waits until the recorded items satisfy the condition; fails naming <paramref name="what"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitUntilAsync(Func<IReadOnlyList<T>, bool> condition, string what = "the events expected", TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
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

    /// <summary>
    /// The negative assertion over a real connection: nothing more is recorded within the window
    /// (a late duplicate, an event that must not come). No event can announce an absence, so this
    /// is the one place the kit waits on the wall clock for it.
    /// </summary>
    public async Task AssertNothingMoreWithinAsync(TimeSpan window)
    {
        var before = Count;
        await Task.Delay(window);
        var after = Received;
        Assert.True(after.Count == before, $"{after.Count - before} more recorded within {window.TotalMilliseconds} ms: {string.Join(", ", after.Skip(before))}");
    }

    /// <summary>Waits for an item (recorded before or after this call) that matches.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, string what, TimeSpan? timeout = null) =>
        (await WaitUntilAsync(items => items.Any(match), what, timeout)).First(match);
}
