using System.Net.WebSockets;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>A client that keeps its connection busy past its token's exp and never refreshes.</summary>
public sealed class ExpiredTokenConnectionTests
{
    [Fact]
    public async Task A_connection_whose_token_expired_is_warned_then_closed_4001_and_others_are_served()
    {
        await using var server = await GatewayServer.StartAsync(
            HostileGatewayFixture.Settings(new Dictionary<string, string?>
            {
                ["Auth:ExpiryWarning"] = "00:00:01",
                ["Auth:ClockSkew"] = "00:00:01",
            }),
            environment: "Production");
        await using var probe = await ServiceProbe.StartAsync(server);
        var userId = TestIds.User();
        var exp = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3);
        await using var attacker = await server.ConnectWithTokenAsync(HostileGatewayFixture.Token(userId, expires: exp.UtcDateTime), userId);
        var roomId = TestIds.Room();
        await attacker.RequestOkAsync("join-room", roomId);

        // Busy until the server ends it: an active connection is no excuse to outlive its token.
        var served = 0;
        while (attacker.State == WebSocketState.Open && DateTimeOffset.UtcNow < exp.AddSeconds(10))
        {
            try
            {
                await attacker.RequestAsync("message", new { roomId, content = "still mine " + served }, TimeSpan.FromSeconds(2));
                served++;
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or WebSocketException)
            {
                break;
            }

            await Task.Delay(200);
        }

        await attacker.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(DateTimeOffset.UtcNow < exp.AddSeconds(5), "the connection outlived its token's exp + skew by seconds");
        Assert.Equal(4001, (int?)attacker.CloseStatus);
        Assert.Equal("token_expired", attacker.CloseStatusDescription);
        Assert.Single(attacker.Received("token-expiring"));
        Assert.Contains(attacker.Received("error"), error => error.GetProperty("code").GetString() == "token_expired");
        Assert.True(served > 0);
        await probe.AssertServedAsync();
    }
}
