namespace Orleans.Chat.Fuzz.Tests.EndToEnd;

/// <summary>One real gateway (Kestrel on loopback, co-hosted silo) for the end-to-end properties.</summary>
public sealed class FuzzGatewayFixture : IAsyncLifetime
{
    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>
    {
        ["Limits:EventsPerMinute"] = "100000",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FuzzGatewayCollection : ICollectionFixture<FuzzGatewayFixture>
{
    public const string Name = "fuzz-gateway";
}
