using System.Diagnostics;
using Orleans.Chat.Bench.Clients;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>Senders that keep a fixed number of messages in flight each.</summary>
public static class ClosedLoopSender
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(5);

    public static Task RunAllAsync(IEnumerable<BenchClient> senders, int window, int contentBytes, LiveStats stats, CancellationToken stop) =>
        Task.WhenAll(senders.Select(sender =>
        {
            sender.Window = new MessageWindow(window);
            return RunAsync(sender, contentBytes, stats, stop);
        }));

    private static async Task RunAsync(BenchClient sender, int contentBytes, LiveStats stats, CancellationToken stop)
    {
        await Task.Yield();
        var window = sender.Window!;
        while (!stop.IsCancellationRequested && sender.IsOpen)
        {
            try
            {
                if (!await window.WaitAsync(StallTimeout, stop))
                {
                    stats.OnStall(); // lost answer or echo: send anyway rather than stop
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await sender.SendMessageAsync(Stopwatch.GetTimestamp(), contentBytes);
        }
    }
}
