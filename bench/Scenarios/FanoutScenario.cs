using Orleans.Chat.Bench.Clients;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// One room of <c>members</c> connections; a few of them send as fast as the server lets them,
/// each with a bounded number of messages in flight (acknowledged and echoed back counts as done).
/// Measures delivered messages per second and server CPU per delivered message.
/// </summary>
public sealed class FanoutScenario(int members, int senders, int window) : RoomScenario(1, members)
{
    public override string Name => $"fanout-{MembersPerRoom}";

    public override string Description =>
        $"1 room of {MembersPerRoom}; {senders} senders, each with at most {window} messages in flight (closed loop); latency from the actual send time, at saturation";

    protected override Task SendAsync(IReadOnlyList<RoomLedger> rooms, ScenarioContext context, LiveStats stats, CancellationToken stop) =>
        ClosedLoopSender.RunAllAsync(rooms.SelectMany(r => r.Members.Take(senders)), window, context.ContentBytes, stats, stop);
}
