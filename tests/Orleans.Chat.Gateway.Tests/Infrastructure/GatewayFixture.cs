namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>One gateway shared by the tests of a collection; tests use fresh user and room ids.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>Limits:TypingTimeout of the shared gateway.</summary>
    public static readonly TimeSpan TypingTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Limits:RecentMessages of the shared gateway (messages in a join-room ack without sinceSeq).</summary>
    public const int RecentMessages = 5;

    /// <summary>Limits:HistoryPerRoom of the shared gateway: small, so that retention can be tested.</summary>
    public const int HistoryPerRoom = 20;

    /// <summary>Limits:MaxUnreadPrivateMessages of the shared gateway: small, so that the cap shows in few messages.</summary>
    public const int MaxUnreadPrivateMessages = 10;

    /// <summary>Limits:PendingOnConnect of the shared gateway.</summary>
    public const int PendingOnConnect = 5;

    /// <summary>Presence:StatsFlushInterval of the shared gateway: online counts reach the stats in batches, soon.</summary>
    public static readonly TimeSpan StatsFlushInterval = TimeSpan.FromMilliseconds(50);

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted)
    {
        ["Limits:EventsPerMinute"] = "100000",
        ["Limits:TypingTimeout"] = TypingTimeout.ToString(),
        ["Limits:MaxUnreadPrivateMessages"] = MaxUnreadPrivateMessages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:HistoryPerConversation"] = "20",
        ["Limits:PendingOnConnect"] = PendingOnConnect.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:RecentMessages"] = RecentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:HistoryPerRoom"] = HistoryPerRoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Tests compare stats before and after; the cache has tests of its own (HttpRateLimitTests).
        ["Api:StatsCacheDuration"] = "00:00:00",
        ["Presence:StatsFlushInterval"] = StatsFlushInterval.ToString(),
        ["Api:RequestsPerMinute"] = "100000",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
