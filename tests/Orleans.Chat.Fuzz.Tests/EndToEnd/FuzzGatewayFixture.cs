namespace Orleans.Chat.Fuzz.Tests.EndToEnd;

/// <summary>One real gateway (Kestrel on loopback, co-hosted silo) for the end-to-end properties.</summary>
public sealed class FuzzGatewayFixture : IAsyncLifetime
{
    public GatewayServer Server { get; private set; } = null!;

    // All fuzz traffic comes from 127.0.0.1: the per-address caps are lifted as on the other shared gateways.
    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted)
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
