using Orleans.Chat.Bench.Clients;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// Many small rooms: <c>rooms</c> × <c>members</c> connections, one sender per room with a small
/// window. Measures the per-room overhead (a room grain and a stream per room in Orleans.Chat).
/// </summary>
public sealed class ManyRoomsScenario(int rooms, int members, int window) : RoomScenario(rooms, members)
{
    public override string Name => $"many-rooms-{Rooms}x{MembersPerRoom}";

    public override string Description =>
        $"{Rooms} rooms of {MembersPerRoom}; 1 sender per room with at most {window} messages in flight (closed loop); latency from the actual send time, at saturation";

    protected override Task SendAsync(IReadOnlyList<RoomLedger> rooms, ScenarioContext context, LiveStats stats, CancellationToken stop) =>
        ClosedLoopSender.RunAllAsync(rooms.SelectMany(r => r.Members.Take(1)), window, context.ContentBytes, stats, stop);
}
