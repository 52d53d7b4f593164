using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>Overlapping client events run together; any other event waits for them; failures stay with their event.</summary>
public sealed class CommandPipelineTests
{
    [Fact]
    public async Task Other_events_wait_for_the_overlapping_ones_before_them()
    {
        var faults = new List<Exception>();
        var pipeline = new CommandPipeline(faults.Add);
        var log = new List<string>();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();

        await pipeline.RunAsync(overlaps: true, async () => { log.Add("m1 start"); await first.Task; log.Add("m1 done"); });
        await pipeline.RunAsync(overlaps: true, async () => { log.Add("m2 start"); await second.Task; log.Add("m2 done"); });
        var join = pipeline.RunAsync(overlaps: false, () => { log.Add("join"); return Task.CompletedTask; }).AsTask();

        Assert.Equal(["m1 start", "m2 start"], log);
        second.SetResult();
        first.SetResult();
        await join;
        Assert.Equal(["m1 start", "m2 start", "m2 done", "m1 done", "join"], log);
        Assert.Empty(faults);
    }

    [Fact]
    public async Task A_failed_overlapping_event_is_reported_and_the_next_event_still_runs()
    {
        var faults = new List<Exception>();
        var pipeline = new CommandPipeline(faults.Add);
        var ran = false;

        await pipeline.RunAsync(overlaps: true, () => Task.FromException(new InvalidOperationException("boom")));
        await pipeline.RunAsync(overlaps: false, () => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
        Assert.IsType<InvalidOperationException>(Assert.Single(faults));
    }

    [Fact]
    public async Task At_most_the_limit_overlaps_and_the_next_waits_for_the_oldest()
    {
        var pipeline = new CommandPipeline(_ => { });
        var gates = Enumerable.Range(0, CommandPipeline.MaxOverlapping).Select(_ => new TaskCompletionSource()).ToList();
        foreach (var gate in gates)
        {
            await pipeline.RunAsync(overlaps: true, () => gate.Task);
        }

        var started = false;
        var next = pipeline.RunAsync(overlaps: true, () => { started = true; return Task.CompletedTask; }).AsTask();

        Assert.False(started);
        gates[0].SetResult();
        await next;
        Assert.True(started);
        gates.ForEach(gate => gate.TrySetResult());
        await pipeline.DrainAsync();
    }
}
