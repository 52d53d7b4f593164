
namespace Orleans.Chat.SocketIoClient.Tests.Infrastructure;

/// <summary>One in-process gateway (Kestrel on a loopback port, co-hosted silo) for the tests of a class.</summary>
public sealed class SocketIoGatewayFixture : IAsyncLifetime
{
    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted)
    {
        ["Limits:EventsPerMinute"] = "100000",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
