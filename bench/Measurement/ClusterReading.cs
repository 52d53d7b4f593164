using System.Globalization;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench.Measurement;

/// <summary>A cluster target's CPU time per role and its Redis command counts at one instant.</summary>
public sealed record ClusterReading(Dictionary<string, long> CpuMicrosByRole, Dictionary<string, long> RedisCalls)
{
    private const int TopCommands = 4;

    /// <summary>Null for a target that is not a cluster.</summary>
    public static ClusterReading? Take(TargetServer server) =>
        server.Redis is { } redis ? new ClusterReading(server.CpuMicrosByRole(), ReadCalls(redis)) : null;

    /// <summary>
    /// One note: the CPU split per <paramref name="cpuUnit"/> (each role's share of the summed
    /// server CPU) and the Redis commands per <paramref name="redisUnit"/>, busiest first.
    /// Redis counts include the cluster's background traffic (membership, leases, pings) in the window.
    /// </summary>
    public static string? Describe(ClusterReading? before, ClusterReading? after, long cpuCount, string cpuUnit, long redisCount, string redisUnit)
    {
        if (before is null || after is null || cpuCount <= 0)
        {
            return null;
        }

        var split = after.CpuMicrosByRole
            .Select(role => $"{role.Key} {(role.Value - before.CpuMicrosByRole.GetValueOrDefault(role.Key)) / (double)cpuCount:F2}")
            .ToList();
        var text = $"server µs per {cpuUnit} by role (every process pinned to the server CPUs, summed): {string.Join(", ", split)}";
        if (after.RedisCalls.Count == 0 || redisCount <= 0)
        {
            return text;
        }

        var commands = after.RedisCalls
            .Select(c => (Name: c.Key, Calls: c.Value - before.RedisCalls.GetValueOrDefault(c.Key)))
            .Where(c => c.Calls > 0)
            .OrderByDescending(c => c.Calls)
            .ToList();
        var total = commands.Sum(c => c.Calls);
        var top = commands.Take(TopCommands).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Calls / (double)redisCount:F2}"));
        return text + string.Create(CultureInfo.InvariantCulture, $"; Redis commands per {redisUnit}: {total / (double)redisCount:F2} ({string.Join(", ", top)})");
    }

    private static Dictionary<string, long> ReadCalls(RedisProbe redis)
    {
        try
        {
            return redis.CommandCalls();
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            return []; // Redis gone: the scenario reports the failure, the note just lacks the counts
        }
    }
}
