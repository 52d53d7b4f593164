namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>The chat-events feed on (ChatEvents:Enabled), with memory streams polled every 5 ms.</summary>
public sealed class ChatEventsChatCluster : ChatClusterFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ChatEvents:Enabled"] = "true",
        ["Streams:PollPeriodMs"] = "5",
    };
}

[CollectionDefinition(Name)]
public sealed class ChatEventsClusterCollection : ICollectionFixture<ChatEventsChatCluster>
{
    public const string Name = "chat-events cluster";
}
