using System.Net.WebSockets;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// Stopping a gateway ends its native connections at once (sessions hold no cancellation token of their
/// own: one registration for the gateway aborts them), instead of leaving them to the host's shutdown timeout.
/// </summary>
public sealed class GatewayStopTests
{
    [Fact]
    public async Task Stopping_the_gateway_ends_its_open_native_connections()
    {
        var server = await GatewayServer.StartAsync();
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();

        var stopping = server.DisposeAsync().AsTask();

        // Well inside the host's 30 s shutdown timeout, which would otherwise end them.
        await Task.WhenAll(first.Closed, second.Closed).WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(WebSocketState.Open, first.State);
        Assert.NotEqual(WebSocketState.Open, second.State);
    }
}
