using System.Text.RegularExpressions;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>A silo process of a test cluster.</summary>
public sealed partial class SiloNode(string name, NodeProcess process, Uri httpUri, int siloPort, int gatewayPort)
{
    public string Name { get; } = name;

    public NodeProcess Process { get; } = process;

    /// <summary>The silo's own HTTP endpoint (/health/live).</summary>
    public Uri HttpUri { get; } = httpUri;

    public int SiloPort { get; } = siloPort;

    public int GatewayPort { get; } = gatewayPort;

    public Uri LiveUri => new(HttpUri, "/health/live");

    /// <summary>
    /// Rooms whose grain this silo activated, read from its log: the tests run silos with the
    /// room grain's "loaded" line enabled (Debug), which names the room.
    /// </summary>
    public IReadOnlySet<string> ActivatedRooms() =>
        RoomLoaded().Matches(Process.ReadLog()).Select(match => match.Groups["room"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Conversations whose grain this silo activated, read from its log like <see cref="ActivatedRooms"/>.</summary>
    public IReadOnlySet<string> ActivatedConversations() =>
        ConversationLoaded().Matches(Process.ReadLog()).Select(match => match.Groups["conversation"].Value).ToHashSet(StringComparer.Ordinal);

    public override string ToString() => $"{Name} (silo port {SiloPort}, pid {Process.ProcessId})";

    [GeneratedRegex(@"Room (?<room>\S+) loaded: last seq")]
    private static partial Regex RoomLoaded();

    [GeneratedRegex(@"Conversation (?<conversation>\S+) loaded: last seq")]
    private static partial Regex ConversationLoaded();
}
