namespace Orleans.Chat.Grains;

/// <summary>
/// A silo service's background loop: one tick per interval from the silo's start to its stop. The tick
/// handles its own failures (a throw would end the loop); a stop never cuts a tick short.
/// </summary>
internal sealed class PeriodicLoop
{
    private CancellationTokenSource? _stopping;
    private Task _loop = Task.CompletedTask;

    public void Start(TimeSpan interval, TimeProvider time, Func<Task> tick)
    {
        _stopping = new CancellationTokenSource();
        _loop = RunAsync(interval, time, tick, _stopping.Token);
    }

    /// <summary>
    /// Ends the wait for the next tick and waits for a tick in progress, as long as <paramref name="cancellationToken"/>
    /// allows; false when the stop's time ran out first.
    /// </summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not { } stopping)
        {
            return true;
        }

        await stopping.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        stopping.Dispose();
        return true;
    }

    private static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<Task> tick, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await tick();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }
}
