using System.Net.WebSockets;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>A gateway allowing 5 client events per user and minute.</summary>
public sealed class RateLimitedGatewayFixture : IAsyncLifetime
{
    public const int EventsPerMinute = 5;

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>
    {
        ["Limits:EventsPerMinute"] = EventsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class RateLimitTests(RateLimitedGatewayFixture fixture) : IClassFixture<RateLimitedGatewayFixture>
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Event_over_the_limit_is_rate_limited_and_the_connection_stays_up()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        for (var i = 2; i <= RateLimitedGatewayFixture.EventsPerMinute; i++)
        {
            Assert.True((await alice.RequestAsync("ping", null)).GetProperty("success").GetBoolean());
        }

        // The 6th event, with an id: an ack.
        AssertError(await alice.RequestAsync("message", new { roomId = room, content = "one too many" }), "rate_limited", "Rate limit exceeded");

        // Without an id: an error event.
        await alice.EmitAsync("message", new { roomId = room, content = "still too many" });
        var error = await alice.WaitForEventAsync("error");
        Assert.Equal("rate_limited", error.GetProperty("code").GetString());
        Assert.Equal("Rate limit exceeded", error.GetProperty("error").GetString());

        // The connection still receives, and the rejected messages were not stored.
        var ack = await bob.RequestAsync("message", new { roomId = room, content = "from bob" });
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        await alice.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "from bob");
        Assert.Equal(WebSocketState.Open, alice.State);
        Assert.Single(alice.Received("new-message"));
    }

    [Fact]
    public async Task Limit_is_per_user_across_the_users_connections_and_does_not_touch_other_users()
    {
        var aliceId = TestIds.User();
        await using var alice1 = await Server.ConnectAsync(aliceId);
        await using var alice2 = await Server.ConnectAsync(aliceId);
        await using var carol = await Server.ConnectAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await alice1.RequestAsync("ping", null)).GetProperty("success").GetBoolean());
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.True((await alice2.RequestAsync("ping", null)).GetProperty("success").GetBoolean());
        }

        AssertError(await alice2.RequestAsync("ping", null), "rate_limited");
        AssertError(await alice1.RequestAsync("ping", null), "rate_limited");

        // A rejected event counts as nothing: other users keep their own budget.
        for (var i = 0; i < RateLimitedGatewayFixture.EventsPerMinute; i++)
        {
            Assert.True((await carol.RequestAsync("ping", null)).GetProperty("success").GetBoolean());
        }

        AssertError(await carol.RequestAsync("ping", null), "rate_limited");
        Assert.Equal(WebSocketState.Open, alice1.State);
        Assert.Equal(WebSocketState.Open, alice2.State);
    }

    [Fact]
    public async Task Limit_survives_a_reconnect()
    {
        var userId = TestIds.User();
        await using (var first = await Server.ConnectAsync(userId))
        {
            for (var i = 0; i < RateLimitedGatewayFixture.EventsPerMinute; i++)
            {
                await first.RequestAsync("ping", null);
            }
        }

        await using var second = await Server.ConnectAsync(userId);

        AssertError(await second.RequestAsync("ping", null), "rate_limited");
    }
}
