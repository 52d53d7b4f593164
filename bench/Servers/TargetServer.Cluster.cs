using System.Net;
using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Servers;

/// <summary>
/// A cluster target is one TargetServer for the scenarios: the first gateway, with the other
/// processes (second gateway, silos, redis-server) as companions whose CPU time and memory add
/// to its own and which stop with it.
/// </summary>
public sealed partial class TargetServer
{
    public const string GatewayRole = "gateways";
    public const string SiloRole = "silos";
    public const string RedisRole = "redis";

    private IReadOnlyList<(string Role, TargetServer Node)> _companions = [];
    private string? _scratchDirectory;

    /// <summary>Where clients connect: every gateway of a cluster target (clients alternate), else the one endpoint.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints =>
        [Endpoint, .. _companions.Where(c => c.Role == GatewayRole).Select(c => c.Node.Endpoint)];

    /// <summary>The redis-server of a cluster target, to count its commands; null for a single process.</summary>
    public RedisProbe? Redis { get; private set; }

    /// <summary>Every process of the target with its role (a single-node target: one "server").</summary>
    public IEnumerable<(string Role, TargetServer Node)> Members =>
        [(_companions.Count == 0 ? "server" : GatewayRole, this), .. _companions];

    /// <summary>CPU time per role (gateways, silos, redis), each summed over its processes.</summary>
    public Dictionary<string, long> CpuMicrosByRole() =>
        Members.GroupBy(m => m.Role).ToDictionary(g => g.Key, g => g.Sum(m => ProcessMetrics.CpuMicros(m.Node.Pid)));

    /// <summary>Resident memory per role (gateways, silos, redis), each summed over its processes.</summary>
    public Dictionary<string, long> RssKbByRole() =>
        Members.GroupBy(m => m.Role).ToDictionary(g => g.Key, g => g.Sum(m => ProcessMetrics.RssKb(m.Node.Pid)));

    /// <summary>The processes that hold client connections: the one server, or every gateway of a cluster.</summary>
    public IEnumerable<TargetServer> ConnectionHolders =>
        Members.Where(m => m.Role is not (SiloRole or RedisRole)).Select(m => m.Node);

    /// <summary>Run-queue wait per thread of every process of the target (thread ids are unique machine-wide).</summary>
    public Dictionary<int, long> RunQueueWaitMicros()
    {
        var waits = ProcessMetrics.RunQueueWaitMicros(Pid);
        foreach (var (_, node) in _companions)
        {
            foreach (var (thread, wait) in ProcessMetrics.RunQueueWaitMicros(node.Pid))
            {
                waits[thread] = wait;
            }
        }

        return waits;
    }

    /// <summary>Makes <paramref name="first"/> stand for the whole cluster; disposing it stops the others in their order.</summary>
    internal static TargetServer Group(TargetServer first, IReadOnlyList<(string Role, TargetServer Node)> companions, RedisProbe redis, string scratchDirectory)
    {
        first._companions = companions;
        first.Redis = redis;
        first._scratchDirectory = scratchDirectory;
        return first;
    }

    private async Task DisposeCompanionsAsync()
    {
        foreach (var (_, node) in _companions)
        {
            await node.DisposeAsync();
        }

        if (_scratchDirectory is { } scratch)
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }
}
