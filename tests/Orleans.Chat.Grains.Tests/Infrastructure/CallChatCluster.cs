namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// Calls that ring for 3 s and check their parties' gateways every second, with room for 3 buffered
/// candidates, so timeouts, lost gateways and the candidate cap show within a test.
/// </summary>
public sealed class CallChatCluster : ChatClusterFixture
{
    public static readonly TimeSpan RingTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan LivenessInterval = TimeSpan.FromSeconds(1);
    public const int MaxBufferedCandidates = 3;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Calls:RingTimeout"] = RingTimeout.ToString(),
        ["Calls:LivenessInterval"] = LivenessInterval.ToString(),
        ["Calls:MaxBufferedCandidates"] = MaxBufferedCandidates.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Streams:PollPeriodMs"] = "5",
    };
}

[CollectionDefinition(Name)]
public sealed class CallClusterCollection : ICollectionFixture<CallChatCluster>
{
    public const string Name = "call cluster";
}
