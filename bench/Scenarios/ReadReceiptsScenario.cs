using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// <see cref="FanoutScenario"/> where every member also marks the room read up to each message it
/// receives (one mark-read in flight per member), so the server stores read cursors and sends
/// read-receipts while it fans out. Run next to fanout-N: the difference in server CPU per delivered
/// message is what receipts cost. Orleans.Chat only: the baselines have no read state.
/// </summary>
public sealed class ReadReceiptsScenario(int members, int senders, int window) : RoomScenario(1, members)
{
    public override string Name => $"receipts-{MembersPerRoom}";

    public override string Description =>
        $"fanout-{MembersPerRoom} where every member sends mark-read for each message it receives (one in flight each); read-receipts on";

    protected override string? Unsupported(ScenarioContext context) =>
        context.Server.Target.Server == ServerKind.Gateway ? null : "the baseline has no read state";

    protected override Task SendAsync(IReadOnlyList<RoomLedger> rooms, ScenarioContext context, LiveStats stats, CancellationToken stop)
    {
        foreach (var member in rooms.SelectMany(room => room.Members))
        {
            member.MarksRead = true;
        }

        return ClosedLoopSender.RunAllAsync(rooms.SelectMany(r => r.Members.Take(senders)), window, context.ContentBytes, stats, stop);
    }
}
