using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// The native endpoint's WebSocket pings (Connection:KeepAliveInterval, KeepAliveTimeout, 1 s each here):
/// a client that answers them stays however long it idles; a peer that went silent (its network gone,
/// no close) is dropped after the interval and the timeout, and with it its session.
/// </summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task An_idle_client_that_answers_pings_stays_and_a_silent_peer_is_dropped()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["Connection:KeepAliveInterval"] = "00:00:01",
            ["Connection:KeepAliveTimeout"] = "00:00:01",
        });
        var sessions = server.Services.GetRequiredService<SessionRegistry>();
        var keepAlive = server.Services.GetRequiredService<NativeKeepAlive>();

        await using var idle = await server.ConnectAsync(name: "Idle");
        var silentId = TestIds.User();
        await using var proxy = BlackholeProxy.Start(server.BaseUri);
        var silent = await TestChatClient.ConnectAsync(proxy.Through(server.WebSocketUri(await server.DevTokenAsync(silentId))), silentId);
        await silent.WaitForEventAsync("connected");
        Assert.Equal(2, sessions.ConnectionCount);
        Assert.Equal(2, keepAlive.Count);

        proxy.Blackhole();
        await Eventually.TrueAsync(() => Task.FromResult(sessions.ConnectionCount == 1), TimeSpan.FromSeconds(15), "the silent peer's session ends");
        Assert.Equal(1, keepAlive.Count);

        // The idle client has by now been pinged several times; it answered, and it still works.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, sessions.ConnectionCount);
        await idle.RequestAsync("ping", null);
        await silent.DisposeAsync();
    }
}
