namespace Orleans.Chat.Cluster.Tests;

/// <summary>Scenario 5: Redis (membership and grain storage) stops under load and comes back.</summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    /// <summary>A request while Redis is down must be answered `unavailable` within this (the Redis client's timeouts are 2 s).</summary>
    private static readonly TimeSpan FailFastBound = TimeSpan.FromSeconds(5);

    /// <summary>How long after Redis is back every room must take messages again.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task While_redis_is_down_sends_fail_fast_and_connections_stay_and_afterwards_messaging_resumes_gap_free()
    {
        await using var cluster = await ChatCluster.StartAsync("redis-outage", silos: 2, gateways: 2, output);
        await cluster.RunAsync(async () =>
        {
            var rooms = Enumerable.Range(0, 3).Select(_ => TestIds.Room()).ToList();
            var (members, senders) = await ChatTraffic.ConnectSendersAndReceiversAsync(cluster, cluster.Gateways, rooms);
            var senderMembers = senders.Select(sender => sender.Member).ToList();
            try
            {
                using var stop = new CancellationTokenSource();
                var traffic = ChatTraffic.Start(senders, stop.Token);
                await Task.Delay(TimeSpan.FromSeconds(3));

                var downAt = DateTime.UtcNow;
                await cluster.Redis.ShutdownAsync();
                cluster.Log("redis stopped (SHUTDOWN SAVE)");
                await Task.Delay(Outage);
                var upAt = DateTime.UtcNow;
                await cluster.Redis.StartAsync();
                cluster.Log("redis started again on the same port and data");

                var recovery = await ChatTraffic.WaitUntilServingAsync(senderMembers, rooms, upAt, RecoveryBound + TimeSpan.FromSeconds(20), traffic);
                cluster.Log($"after redis returned: {recovery}");
                await Task.Delay(TimeSpan.FromSeconds(2));
                await stop.CancelAsync();
                await Task.WhenAll(traffic);

                // While Redis was down: nothing acknowledged (an ack promises a durable write), and every
                // request answered `unavailable` quickly. Requests that began near the end may have waited for Redis.
                var attempts = senderMembers.SelectMany(sender => sender.Attempts).ToList();
                var duringOutage = attempts.Where(a => a.StartedAt > downAt + TimeSpan.FromSeconds(1) && a.StartedAt + a.Duration < upAt).ToList();
                var judged = attempts.Where(a => a.StartedAt > downAt + TimeSpan.FromSeconds(1) && a.StartedAt < upAt - FailFastBound).ToList();
                cluster.Log($"while redis was down: {duringOutage.Count} sends ended, outcomes {Outcomes(duringOutage)}, slowest {duringOutage.Select(a => a.Duration).DefaultIfEmpty().Max().TotalSeconds:0.0} s");
                Assert.NotEmpty(duringOutage);
                Assert.All(duringOutage, a => Assert.Equal("unavailable", a.Outcome));
                Assert.All(rooms, room => Assert.Contains(duringOutage, a => a.RoomId == room));
                Assert.All(judged, a => Assert.True(a.Duration <= FailFastBound, $"{a.UserId} waited {a.Duration.TotalSeconds:0.0} s for the answer to a send begun {(a.StartedAt - downAt).TotalSeconds:0.0} s into the outage ({a.Outcome})"));

                // The connections stayed up through the outage.
                Assert.All(members, member => Assert.Equal(1, member.ConnectionCount));
                Assert.All(members, member => Assert.False(member.Client.Closed.IsCompleted, $"{member.UserId}'s connection closed"));

                Assert.Contains(senderMembers.SelectMany(s => s.Acked), message => message.AckedAt > upAt);
                await ChatTraffic.VerifyAsync(cluster, members, senderMembers, rooms, earlier: 0);
                Assert.True(recovery.ServingAgainAfter <= RecoveryBound, $"After redis returned, every room served again only {recovery}");
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

    private static string Outcomes(IEnumerable<SendAttempt> attempts) =>
        string.Join(", ", attempts.GroupBy(a => a.Outcome).Select(group => $"{group.Key} x{group.Count()}"));
}
