namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>How the sends of a fault went: from the fault until every room took messages again.</summary>
public sealed record TrafficRecovery(TimeSpan ServingAgainAfter, int FailedAttempts, TimeSpan SlowestAttempt, IReadOnlyDictionary<string, TimeSpan> OutagePerRoom)
{
    /// <summary>An attempt that failed or took this long counts as the cluster not serving.</summary>
    public static readonly TimeSpan SlowAttempt = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Per room: the end of the last attempt, started after <paramref name="faultAt"/>, that failed
    /// or was slow; serving again = the latest such end over all rooms (0 when none was bad).
    /// </summary>
    public static TrafficRecovery Measure(IEnumerable<SendAttempt> attempts, IEnumerable<string> rooms, DateTime faultAt)
    {
        var after = attempts.Where(attempt => attempt.StartedAt + attempt.Duration >= faultAt).ToList();
        var outage = new Dictionary<string, TimeSpan>();
        foreach (var room in rooms)
        {
            var bad = after.Where(attempt => attempt.RoomId == room && IsBad(attempt)).ToList();
            outage[room] = bad.Count == 0 ? TimeSpan.Zero : bad.Max(attempt => attempt.StartedAt + attempt.Duration) - faultAt;
        }

        return new TrafficRecovery(
            outage.Values.DefaultIfEmpty().Max(),
            after.Count(attempt => attempt.Outcome != "ok"),
            after.Select(attempt => attempt.Duration).DefaultIfEmpty().Max(),
            outage);
    }

    public static bool IsBad(SendAttempt attempt) => attempt.Outcome != "ok" || attempt.Duration >= SlowAttempt;

    public override string ToString() =>
        $"every room served again after {ServingAgainAfter.TotalSeconds:0.0} s; {FailedAttempts} failed attempts; slowest attempt {SlowestAttempt.TotalSeconds:0.0} s; "
        + $"outage per room: {string.Join(", ", OutagePerRoom.Select(entry => $"{entry.Key[^4..]} {entry.Value.TotalSeconds:0.0}s"))}";
}
