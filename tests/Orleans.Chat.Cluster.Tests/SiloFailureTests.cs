namespace Orleans.Chat.Cluster.Tests;

/// <summary>Scenario 2: a silo is killed while messages flow.</summary>
public sealed class SiloFailureTests(ITestOutputHelper output)
{
    /// <summary>How long the cluster may take to serve every room again after a silo crash (failure detection, then reactivation).</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Messages_sent_while_a_silo_is_killed_are_stored_once_gap_free_and_reach_every_member_in_order()
    {
        await using var cluster = await ChatCluster.StartAsync("silo-kill", silos: 2, gateways: 2, output);
        await cluster.RunAsync(async () =>
        {
            var placement = await RoomPlacement.OpenRoomsOnEverySiloAsync(cluster, cluster.Gateways[0], perSilo: 3, TimeSpan.FromSeconds(60));
            var rooms = placement.Values.SelectMany(hosted => hosted).ToList();
            var (members, senders) = await ChatTraffic.ConnectSendersAndReceiversAsync(cluster, cluster.Gateways, rooms);
            var senderMembers = senders.Select(sender => sender.Member).ToList();
            try
            {
                using var stop = new CancellationTokenSource();
                var traffic = ChatTraffic.Start(senders, stop.Token);
                await Task.Delay(TimeSpan.FromSeconds(3));

                var victim = placement.Keys.First();
                cluster.Log($"{victim.Name} hosts {string.Join(", ", placement[victim])}; killing it");
                var killedAt = DateTime.UtcNow;
                await cluster.KillAsync(victim);

                // Generous: detection of the dead silo takes Orleans some seconds, the test waits for a quiet spell on top.
                var recovery = await ChatTraffic.WaitUntilServingAsync(senderMembers, rooms, killedAt, RecoveryBound + TimeSpan.FromSeconds(30), traffic);
                cluster.Log($"after the kill: {recovery}");

                // A replacement joins; traffic goes on across the second membership change.
                var replacement = await cluster.StartSiloAsync();
                var joinedAt = DateTime.UtcNow;
                cluster.Log($"{replacement.Name} joined {(joinedAt - killedAt).TotalSeconds:0.0} s after the kill");
                await Task.Delay(TimeSpan.FromSeconds(3));
                await stop.CancelAsync();
                await Task.WhenAll(traffic);
                cluster.Log($"after the replacement joined: {TrafficRecovery.Measure(senderMembers.SelectMany(s => s.Attempts), rooms, joinedAt)}");

                var acked = senderMembers.SelectMany(sender => sender.Acked).ToList();
                Assert.Contains(acked, message => message.AckedAt > killedAt + recovery.ServingAgainAfter);

                // Retries are safe across the failover: each room, now on another activation loaded
                // from Redis, still knows the clientMsgIds of messages stored before the kill.
                foreach (var sender in senderMembers)
                {
                    var beforeKill = sender.Acked.First(message => message.AckedAt < killedAt);
                    DeliveryChecks.IsTheSameMessage(beforeKill, await sender.ResendAsync(beforeKill));
                }

                await ChatTraffic.VerifyAsync(cluster, members, senderMembers, rooms, earlier: 1); // seq 1 opened each room
                Assert.True(recovery.ServingAgainAfter <= RecoveryBound, $"The cluster served every room again only {recovery}");
            }
            finally
            {
                foreach (var member in members)
                {
                    await member.DisposeAsync();
                }
            }
        });
    }
}
