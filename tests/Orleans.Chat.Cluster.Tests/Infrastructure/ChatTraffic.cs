namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>Steady message traffic for the fault scenarios: members, send loops, and waiting for the cluster to serve again.</summary>
public static class ChatTraffic
{
    private static readonly TimeSpan PauseBetweenSends = TimeSpan.FromMilliseconds(200);

    /// <summary>A new user on the gateway, member of the rooms; when its connection drops it reconnects to the same gateway.</summary>
    public static async Task<ChatMember> ConnectMemberAsync(ChatCluster cluster, GatewayNode gateway, IReadOnlyList<string> rooms)
    {
        var userId = TestIds.User();
        var member = await ChatMember.ConnectAsync(userId, () => gateway.ConnectAsync(userId), cluster.Log);
        foreach (var room in rooms)
        {
            await member.JoinAsync(room);
        }

        return member;
    }

    /// <summary>
    /// Two senders per room, one on each gateway (a connection runs one request at a time, so a
    /// sender stuck on one room must not keep the others quiet), and one receiver on each gateway
    /// in every room. Returns all members and the (sender, room) pairs.
    /// </summary>
    public static async Task<(List<ChatMember> Members, List<(ChatMember Member, string Room)> Senders)> ConnectSendersAndReceiversAsync(
        ChatCluster cluster, IReadOnlyList<GatewayNode> gateways, IReadOnlyList<string> rooms)
    {
        var members = new List<ChatMember>();
        var senders = new List<(ChatMember Member, string Room)>();
        foreach (var room in rooms)
        {
            foreach (var gateway in gateways)
            {
                var sender = await ConnectMemberAsync(cluster, gateway, [room]);
                members.Add(sender);
                senders.Add((sender, room));
            }
        }

        foreach (var gateway in gateways)
        {
            members.Add(await ConnectMemberAsync(cluster, gateway, rooms));
        }

        return (members, senders);
    }

    /// <summary>Starts one send loop per (sender, room): a message, its ack (after any retries), a short pause, until stopped.</summary>
    public static List<Task> Start(IEnumerable<(ChatMember Member, string Room)> senders, CancellationToken stop) =>
        [.. senders.Select(sender => Task.Run(() => SendUntilStoppedAsync(sender.Member, sender.Room, stop)))];

    /// <summary>
    /// Waits until every room has taken a message since the last failed or slow send, no send has
    /// gone wrong for a few seconds and none is stuck waiting for its ack (a request lost with a dead
    /// silo is only answered by Orleans' 30 s response timeout). Fails after <paramref name="bound"/>,
    /// or at once when a sender gave up.
    /// </summary>
    public static async Task<TrafficRecovery> WaitUntilServingAsync(
        IEnumerable<ChatMember> senders, IReadOnlyList<string> rooms, DateTime faultAt, TimeSpan bound, IReadOnlyList<Task> traffic)
    {
        var all = senders.Distinct().ToList();
        var deadline = faultAt + bound;
        var quiet = TimeSpan.FromSeconds(4);
        while (true)
        {
            if (traffic.FirstOrDefault(task => task.IsFaulted) is { } failed)
            {
                await failed; // a message was never acknowledged
            }

            var attempts = all.SelectMany(sender => sender.Attempts).Where(a => a.StartedAt + a.Duration >= faultAt).ToList();
            var lastBadEnd = attempts.Where(TrafficRecovery.IsBad).Select(a => a.StartedAt + a.Duration).DefaultIfEmpty(faultAt).Max();
            var everyRoomServed = rooms.All(room => attempts.Any(a => a.RoomId == room && a.Outcome == "ok" && a.StartedAt >= lastBadEnd));
            var stuck = all.Any(sender => sender.InFlightSince is { } since && DateTime.UtcNow - since >= TrafficRecovery.SlowAttempt);
            if (everyRoomServed && !stuck && DateTime.UtcNow - lastBadEnd >= quiet)
            {
                return TrafficRecovery.Measure(attempts, rooms, faultAt);
            }

            Assert.True(DateTime.UtcNow < deadline, $"Rooms still failing {(DateTime.UtcNow - faultAt).TotalSeconds:0} s after the fault: {TrafficRecovery.Measure(attempts, rooms, faultAt)}");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// After the traffic stopped: every member reconnects if it must, catches up, and then history
    /// and every member's view of each room hold exactly the acknowledged messages, once, in seq order.
    /// </summary>
    public static async Task VerifyAsync(ChatCluster cluster, IReadOnlyList<ChatMember> members, IReadOnlyList<ChatMember> senders, IReadOnlyList<string> rooms, int earlier)
    {
        var acked = senders.Distinct().SelectMany(sender => sender.Acked).ToList();
        foreach (var member in members)
        {
            await member.EnsureConnectedAsync(DateTime.UtcNow + TimeSpan.FromSeconds(30));
        }

        var lastSeqs = rooms.ToDictionary(room => room, room => acked.Where(m => m.RoomId == room).Select(m => m.Seq).DefaultIfEmpty(earlier).Max());
        await DeliveryChecks.WaitUntilAllCaughtUpAsync(members, lastSeqs, TimeSpan.FromSeconds(30));
        foreach (var room in rooms)
        {
            var history = await RoomHistory.ReadAllAsync(members[^1].Client, room);
            DeliveryChecks.HistoryHoldsExactlyTheAcked(room, history, acked, earlier);
            foreach (var member in members.Where(member => member.Rooms.Contains(room)))
            {
                DeliveryChecks.MemberSawExactly(member, room, history);
            }
        }

        var reconnects = members.Sum(member => member.ConnectionCount - 1);
        var redeliveries = members.Sum(member => member.Rooms.Sum(room => member.View(room).KnownRedeliveries));
        cluster.Log($"verified {acked.Count} acknowledged messages in {rooms.Count} rooms for {members.Count} members; {reconnects} reconnects, {redeliveries} known redeliveries dropped");
    }

    private static async Task SendUntilStoppedAsync(ChatMember sender, string room, CancellationToken stop)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            await sender.SendAsync(room, $"{sender.UserId} #{n}", TimeSpan.FromSeconds(90));
            await Task.Delay(PauseBetweenSends, CancellationToken.None);
        }
    }
}
