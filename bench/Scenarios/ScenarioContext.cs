using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>What a scenario runs against and for how long.</summary>
public sealed class ScenarioContext(
    TargetServer server, TimeSpan warmup, TimeSpan measure, int contentBytes, long fileDescriptorLimit, string runId, IReadOnlySet<int> clientCpus)
{
    /// <summary>The CPUs the load generator is pinned to.</summary>
    public IReadOnlySet<int> ClientCpus { get; } = clientCpus;

    public TargetServer Server { get; } = server;
    public TimeSpan Warmup { get; } = warmup;
    public TimeSpan Measure { get; } = measure;
    public int ContentBytes { get; } = contentBytes;
    public long FileDescriptorLimit { get; } = fileDescriptorLimit;

    /// <summary>Makes room and user ids unique per run.</summary>
    public string RunId { get; } = runId;

    public ClientFleet NewFleet(LiveStats stats) =>
        new(Server.Endpoint, Server.Target.Protocol, Server.TokenFor, stats);
}
