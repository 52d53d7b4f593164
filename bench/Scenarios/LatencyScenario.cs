using System.Diagnostics;
using Orleans.Chat.Bench.Clients;

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

    protected override async Task SendAsync(IReadOnlyList<RoomLedger> rooms, ScenarioContext context, LiveStats stats, CancellationToken stop)
    {
        var sending = rooms.SelectMany(r => r.Members.Take(senders)).ToArray();
        var interval = (long)(Stopwatch.Frequency * (double)sending.Length / ratePerSecond);
        var start = Stopwatch.GetTimestamp();
        var due = new long[sending.Length];
        for (var i = 0; i < due.Length; i++)
        {
            due[i] = start + (interval * i / due.Length); // staggered
        }

        while (!stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < sending.Length; i++)
            {
                while (due[i] <= now && sending[i].IsOpen)
                {
                    await sending[i].SendMessageAsync(due[i], context.ContentBytes);
                    due[i] += interval;
                }
            }

            try
            {
                await Task.Delay(1, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
