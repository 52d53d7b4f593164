using Orleans.Chat.Bench.Clients;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// Direct conversations: <c>pairs</c> × 2 connected users, each pair talking in both directions
/// with private-message (every user a closed-loop sender with a small window). A message counts
/// as delivered when the recipient gets its private-message event; the sender's own copy (sent to
/// the sender's connections too) closes its window like a room echo. The audit is per
/// conversation: both users should get every acknowledged seq of their conversation, once, in order.
/// </summary>
public sealed class ConversationsScenario(int pairs, int window) : RoomScenario(pairs, 2)
{
    public override string Name => $"conversations-{Rooms}";

    public override string Description =>
        $"{Rooms} pairs of users ({Rooms * 2} connections) exchanging private messages both ways; every user a sender with at most {window} in flight (closed loop); " +
        "delivered/s counts the recipients' private-message events (each message is also echoed to its sender, not counted); latency from the actual send time, at saturation";

    protected override Task<int> PlaceAsync(ClientFleet fleet, IReadOnlyList<BenchClient> clients, IReadOnlyList<RoomLedger> rooms, CancellationToken cancellationToken)
    {
        // The fleet names users prefix-0 .. prefix-(n-1) by index: pair p is users 2p and 2p+1.
        var prefix = clients.Count > 0 ? clients[0].UserId[..clients[0].UserId.LastIndexOf('-')] : string.Empty;
        foreach (var client in clients)
        {
            var peer = client.Index ^ 1;
            client.StartConversation(rooms[client.Index / 2], $"{prefix}-{peer}");
        }

        return Task.FromResult(0);
    }

    protected override Task SendAsync(IReadOnlyList<RoomLedger> rooms, ScenarioContext context, LiveStats stats, CancellationToken stop) =>
        ClosedLoopSender.RunAllAsync(rooms.SelectMany(r => r.Members), window, context.ContentBytes, stats, stop);
}
