using System.Diagnostics;
using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// Scenarios that put clients in rooms and send messages: connect every member, join them,
/// let the server settle, run the senders through a warm-up and a measured window, drain, then
/// audit every receiver's seqs for loss, duplicates and reordering.
/// </summary>
public abstract class RoomScenario(int rooms, int membersPerRoom) : Scenario
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    protected int Rooms { get; } = rooms;

    protected int MembersPerRoom { get; } = membersPerRoom;

    /// <summary>Sends messages until <paramref name="stop"/>; the window starts after the warm-up.</summary>
    protected abstract Task SendAsync(IReadOnlyList<RoomLedger> rooms, ScenarioContext context, LiveStats stats, CancellationToken stop);

    /// <summary>Why this target cannot run the scenario, or null.</summary>
    protected virtual string? Unsupported(ScenarioContext context) => null;

    /// <summary>Puts each client in its room (join-room, by default); returns how many placements failed.</summary>
    protected virtual Task<int> PlaceAsync(ClientFleet fleet, IReadOnlyList<BenchClient> clients, IReadOnlyList<RoomLedger> rooms, CancellationToken cancellationToken) =>
        fleet.JoinAsync(clients.Select(c => (c, rooms[c.Index / MembersPerRoom])), JoinConcurrency, cancellationToken);

    /// <summary>Messages per second the scenario aims at (open loop), or null (closed loop).</summary>
    protected virtual double? TargetRate => null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var connections = Rooms * MembersPerRoom;
        if (connections + 500 > context.FileDescriptorLimit)
        {
            return Skip(context, $"needs {connections} connections; RLIMIT_NOFILE is {context.FileDescriptorLimit}");
        }

        if (Unsupported(context) is { } reason)
        {
            return Skip(context, reason);
        }

        var server = context.Server;
        var stats = new LiveStats();
        var fleet = context.NewFleet(stats, MembersPerRoom);
        var prefix = $"{Name}-{context.RunId}";
        using var keepAliveStop = new CancellationTokenSource();
        var keepAlive = fleet.KeepAliveAsync(server.Target.Protocol.KeepAliveInterval, keepAliveStop.Token);
        try
        {
            var clients = await fleet.ConnectAsync($"u-{prefix}", connections, ConnectConcurrency, idle: false, cancellationToken);
            var ledgers = Enumerable.Range(0, Rooms).Select(r => new RoomLedger($"r-{prefix}-{r}")).ToList();
            var joinFailures = await PlaceAsync(fleet, clients, ledgers, cancellationToken);
            var setupErrors = fleet.ConnectFailures + joinFailures;

            // Joins make the server announce every new member to the room: let that finish first.
            await ServerIdle.WaitAsync(server, SettleTimeout);

            using var stop = new CancellationTokenSource();
            var sending = SendAsync(ledgers, context, stats, stop.Token);
            await Task.Delay(context.Warmup, cancellationToken);
            var before = Snapshot.Take(context, stats);
            var clusterBefore = ClusterReading.Take(server);
            var (readsBefore, receiptsBefore) = (stats.ReadsAcked, stats.Receipts);
            stats.Recording = true;
            await Task.Delay(context.Measure, cancellationToken);
            var after = Snapshot.Take(context, stats);
            var clusterAfter = ClusterReading.Take(server);
            var (reads, receipts) = (stats.ReadsAcked - readsBefore, stats.Receipts - receiptsBefore);
            stats.Recording = false;
            var rssKb = server.RssKb();
            await stop.CancelAsync();
            await sending;

            await DrainAsync(ledgers, stats);
            var audit = DeliveryAudit.Of(ledgers);
            var window = WindowDelta.Between(before, after);
            var notes = new List<string>();
            if (setupErrors > 0)
            {
                notes.Add($"{setupErrors} connects/joins failed");
            }

            if (TargetRate is { } rate && window.AckedPerSec < rate * 0.95)
            {
                notes.Add($"did not sustain the rate: {window.AckedPerSec:F0}/{rate:F0} msg/s acknowledged");
            }

            if (stats.Stalls > 0)
            {
                notes.Add($"{stats.Stalls} sends waited over 5 s for their window");
            }

            if (reads > 0 || receipts > 0)
            {
                notes.Add($"{reads / window.Seconds:F0} mark-read/s acknowledged, {receipts / window.Seconds:F0} read-receipt/s received");
            }

            if (window.ClientCpuPct > 90)
            {
                notes.Add($"load generator busy ({window.ClientCpuPct:F0} % of its core): may limit the result");
            }

            if (ClusterReading.Describe(clusterBefore, clusterAfter, window.Delivered, "delivered message", window.Acked, "stored message") is { } cluster)
            {
                notes.Add(cluster);
            }

            notes.AddRange(stats.ErrorSamples.Select(e => $"error: {e}"));
            return ScenarioResult.Measured(Name, server.Target.Name, window) with
            {
                DeliveredPerSec = window.DeliveredPerSec,
                SentPerSec = window.AckedPerSec,
                TargetRatePerSec = TargetRate,
                P50Ms = stats.Latency.PercentileMs(50),
                P99Ms = stats.Latency.PercentileMs(99),
                P999Ms = stats.Latency.PercentileMs(99.9),
                ServerCpuUsPerMsg = window.ServerCpuUsPerMessage,
                ServerRssMb = rssKb / 1024.0,
                Lost = audit.Lost,
                Duplicated = audit.Duplicated,
                Reordered = audit.Reordered,
                ExpectedDeliveries = audit.Expected,
                Connections = clients.Count,
                Errors = setupErrors + stats.AckFailures + stats.ServerErrors + stats.UnexpectedCloses,
                Notes = string.Join("; ", notes),
            };
        }
        finally
        {
            await keepAliveStop.CancelAsync();
            await keepAlive;
            await fleet.CloseAllAsync();
            await ServerIdle.WaitAsync(server, SettleTimeout);
        }
    }

    /// <summary>Waits for the answers and deliveries of the messages still in flight.</summary>
    private static async Task DrainAsync(IReadOnlyList<RoomLedger> rooms, LiveStats stats)
    {
        _ = rooms;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < DrainTimeout)
        {
            var acked = stats.Acked;
            var delivered = stats.Delivered;
            await Task.Delay(300);
            if (stats.Acked == acked && stats.Delivered == delivered && acked >= stats.Sent)
            {
                return;
            }
        }
    }
}
