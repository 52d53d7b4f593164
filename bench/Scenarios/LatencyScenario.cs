using System.Diagnostics;
using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// A fixed message rate into one room, open loop: each message carries its intended send time
/// and latency is measured from it, so a server (or a sender) that falls behind shows it in
/// the percentiles instead of slowing the load down (no coordinated omission).
/// </summary>
public sealed class LatencyScenario(int members, int senders, int ratePerSecond) : RoomScenario(1, members)
{
    public override string Name => $"latency-{MembersPerRoom}";

    public override string Description =>
        $"1 room of {MembersPerRoom}; {senders} senders at {ratePerSecond} msg/s in total (open loop); latency from the intended send time";

    protected override double? TargetRate => ratePerSecond;

    protected override Task SendAsync(IReadOnlyList<RoomLedger> rooms, ScenarioContext context, LiveStats stats, CancellationToken stop)
    {
        var sending = rooms.SelectMany(r => r.Members.Take(senders)).ToArray();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Pace(sending, context.ContentBytes, stop);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "latency sender",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Sends each message at its intended time, on a thread of its own that sleeps to the next one
    /// (<see cref="MonotonicSleep"/>): a thread-pool loop on Task.Delay woke up to 4 ms late.
    /// </summary>
    private void Pace(BenchClient[] sending, int contentBytes, CancellationToken stop)
    {
        var interval = (long)(Stopwatch.Frequency * (double)sending.Length / ratePerSecond);
        var start = Stopwatch.GetTimestamp();
        var due = new long[sending.Length];
        for (var i = 0; i < due.Length; i++)
        {
            due[i] = start + (interval * i / due.Length); // staggered
        }

        while (!stop.IsCancellationRequested)
        {
            var next = 0;
            for (var i = 1; i < due.Length; i++)
            {
                if (due[i] < due[next])
                {
                    next = i;
                }
            }

            MonotonicSleep.Until(due[next]);
            if (sending[next].IsOpen)
            {
                var send = sending[next].SendMessageAsync(due[next], contentBytes);
                if (!send.IsCompletedSuccessfully)
                {
                    send.AsTask().GetAwaiter().GetResult();
                }
            }

            due[next] += interval;
        }
    }
}
