
namespace Orleans.Chat.Client.Tests.Infrastructure;

/// <summary>One real gateway for every SDK test; tests use fresh user and room ids.</summary>
public sealed class ClientGatewayFixture : IAsyncLifetime
{
    /// <summary>Limits:RecoveryBatch: small, so every recovery test also pages the rest of a join with get-history.</summary>
    public const int RecoveryBatch = 5;

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted)
    {
        // The recovery tests send hundreds of messages a minute.
        ["Limits:EventsPerMinute"] = "100000",
        ["Limits:TypingTimeout"] = "00:00:05",
        ["Limits:RecoveryBatch"] = RecoveryBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClientGatewayCollection : ICollectionFixture<ClientGatewayFixture>
{
    public const string Name = "client-gateway";
}
