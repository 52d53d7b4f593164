namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>One gateway shared by the tests of a collection; tests use fresh user and room ids.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>Limits:TypingTimeout of the shared gateway.</summary>
    public static readonly TimeSpan TypingTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Presence:PendingClaimLease of the shared gateway: short, so that a pending hand-over that is never confirmed shows up as a redelivery.</summary>
    public static readonly TimeSpan PendingClaimLease = TimeSpan.FromMilliseconds(500);

    /// <summary>Limits:RecentMessages of the shared gateway (messages in a join-room ack without sinceSeq).</summary>
    public const int RecentMessages = 5;

    /// <summary>Limits:HistoryPerRoom of the shared gateway: small, so that retention can be tested.</summary>
    public const int HistoryPerRoom = 20;

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted)
    {
        ["Limits:EventsPerMinute"] = "100000",
        ["Limits:TypingTimeout"] = TypingTimeout.ToString(),
        ["Presence:PendingClaimLease"] = PendingClaimLease.ToString(),
        ["Limits:RecentMessages"] = RecentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:HistoryPerRoom"] = HistoryPerRoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
