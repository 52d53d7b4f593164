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

    /// <summary>A fleet whose clients alternate over the target's gateways, by groups of <paramref name="groupSize"/> (see <see cref="ClientFleet.Endpoints"/>).</summary>
    public ClientFleet NewFleet(LiveStats stats, int groupSize = 1) =>
        new(Server.Endpoint, Server.Target.Protocol, Server.TokenFor, stats) { Endpoints = Server.Endpoints, GroupSize = groupSize };
}
