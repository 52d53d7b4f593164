using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// A Production gateway on a fake clock, with a 10 s expiry warning and a 2 s clock skew: the tests
/// move time on instead of waiting for tokens to run out.
/// </summary>
public sealed class TokenLifetimeFixture : IAsyncLifetime
{
    public const string SigningKey = "hyKV8TM38dhY4J5vIaPH7iCThQGFiTO8JoF+ZDVZfX5E";
    public static readonly TimeSpan Warning = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(2);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:ExpiryWarning"] = Warning.ToString(),
            ["Auth:ClockSkew"] = Skew.ToString(),
        },
        environment: "Production",
        configure: builder => builder.Services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A token of the user expiring <paramref name="lifetime"/> from the fake now, and that exp (JWTs count whole seconds).</summary>
    public (string Token, DateTimeOffset ExpiresAt) Token(string userId, TimeSpan lifetime)
    {
        var exp = DateTimeOffset.FromUnixTimeSeconds((Clock.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        return (TestTokens.Create(SigningKey, userId, expires: exp.UtcDateTime), exp);
    }

    /// <summary>Moves the fake clock to <paramref name="instant"/>, firing the timers due by then.</summary>
    public void AdvanceTo(DateTimeOffset instant) => Clock.Advance(instant - Clock.GetUtcNow());
}

public sealed class TokenLifetimeTests(TokenLifetimeFixture fixture) : IClassFixture<TokenLifetimeFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Token_expiring_comes_the_warning_before_exp_then_token_expired_and_close_4001_after_the_skew()
    {
        var userId = TestIds.User();
        var (token, exp) = fixture.Token(userId, TimeSpan.FromSeconds(60));
        await using var client = await ConnectOpenAsync(token, userId);

        fixture.AdvanceTo(exp - TokenLifetimeFixture.Warning - TimeSpan.FromSeconds(1));
        await client.AssertNoEventAsync("token-expiring", Quiet);

        fixture.AdvanceTo(exp - TokenLifetimeFixture.Warning);
        var expiring = await client.WaitForEventAsync("token-expiring");
        Assert.Equal(exp.ToUnixTimeMilliseconds(), expiring.GetProperty("expiresAt").GetInt64());

        // Past exp but within the skew: still served.
        fixture.AdvanceTo(exp + TokenLifetimeFixture.Skew - TimeSpan.FromMilliseconds(500));
        Assert.True((await client.RequestAsync("join-room", TestIds.Room())).GetProperty("success").GetBoolean());

        fixture.AdvanceTo(exp + TokenLifetimeFixture.Skew);
        var error = await client.WaitForEventAsync("error");
        Assert.Equal("token_expired", error.GetProperty("code").GetString());
        Assert.Equal("Token expired", error.GetProperty("error").GetString());
        await client.Closed.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.Equal(4001, (int?)client.CloseStatus);
        Assert.Equal("token_expired", client.CloseStatusDescription);
        Assert.Single(client.Received("token-expiring"));
    }

    [Fact]
    public async Task A_token_that_expires_at_the_end_of_time_is_served_not_an_overflow()
    {
        var userId = TestIds.User();
        var token = TestTokens.Create(TokenLifetimeFixture.SigningKey, userId, expires: new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc));
        await using var client = await ConnectOpenAsync(token, userId);

        Assert.True((await client.RequestAsync("join-room", TestIds.Room())).GetProperty("success").GetBoolean());
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Refresh_token_extends_the_connection_past_the_old_exp_and_re_arms_the_warning()
    {
        var userId = TestIds.User();
        var (token, exp) = fixture.Token(userId, TimeSpan.FromSeconds(60));
        await using var client = await ConnectOpenAsync(token, userId);
        fixture.AdvanceTo(exp - TokenLifetimeFixture.Warning);
        await client.WaitForEventAsync("token-expiring");

        var (fresh, freshExp) = fixture.Token(userId, TimeSpan.FromSeconds(120));
        var ack = await client.RequestAsync("refresh-token", new { token = fresh });

        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal(freshExp.ToUnixTimeMilliseconds(), ack.GetProperty("expiresAt").GetInt64());
        fixture.AdvanceTo(exp + TokenLifetimeFixture.Skew + TimeSpan.FromSeconds(5));
        await client.AssertNoEventAsync("error", Quiet);
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.True((await client.RequestAsync("join-room", TestIds.Room())).GetProperty("success").GetBoolean());

        // The new token gets its own warning, and its own end.
        fixture.AdvanceTo(freshExp - TokenLifetimeFixture.Warning);
        var second = await client.WaitForEventAsync("token-expiring");
        Assert.Equal(freshExp.ToUnixTimeMilliseconds(), second.GetProperty("expiresAt").GetInt64());
        fixture.AdvanceTo(freshExp + TokenLifetimeFixture.Skew);
        await client.Closed.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.Equal(4001, (int?)client.CloseStatus);
    }

    [Fact]
    public async Task Refresh_with_a_token_of_another_user_is_refused_and_the_old_expiry_stands()
    {
        var userId = TestIds.User();
        var (token, exp) = fixture.Token(userId, TimeSpan.FromSeconds(60));
        await using var client = await ConnectOpenAsync(token, userId);
        var (otherToken, _) = fixture.Token(TestIds.User(), TimeSpan.FromHours(1));

        var ack = await client.RequestAsync("refresh-token", new { token = otherToken });

        AssertError(ack, "auth_failed", "Authentication failed: token is for another user");
        fixture.AdvanceTo(exp + TokenLifetimeFixture.Skew);
        await client.Closed.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.Equal(4001, (int?)client.CloseStatus);
    }

    [Theory]
    [InlineData("expired", "Authentication failed: token expired")]
    [InlineData("no-exp", "Authentication failed: missing exp")]
    [InlineData("signature", "Authentication failed: invalid signature")]
    [InlineData("malformed", "Authentication failed: malformed token")]
    [InlineData("missing", "Invalid message format")]
    public async Task Refresh_with_a_bad_token_is_refused_and_the_connection_stays(string defect, string message)
    {
        var userId = TestIds.User();
        var (token, _) = fixture.Token(userId, TimeSpan.FromSeconds(60));
        await using var client = await ConnectOpenAsync(token, userId);
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        object payload = defect switch
        {
            "expired" => new { token = TestTokens.Create(TokenLifetimeFixture.SigningKey, userId, expires: now.AddMinutes(-1)) },
            "no-exp" => new { token = TestTokens.Create(TokenLifetimeFixture.SigningKey, userId, withExpiry: false) },
            "signature" => new { token = TestTokens.Create("another-signing-key-0123456789-abcdefghijkl", userId, expires: now.AddHours(1)) },
            "malformed" => new { token = "not.a.jwt" },
            "missing" => new { },
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };

        var ack = await client.RequestAsync("refresh-token", payload);

        AssertError(ack, message.StartsWith("Auth", StringComparison.Ordinal) ? "auth_failed" : "invalid_format", message);
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.True((await client.RequestAsync("join-room", TestIds.Room())).GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Refresh_with_the_same_token_is_accepted_but_neither_warns_again_nor_extends()
    {
        var userId = TestIds.User();
        var (token, exp) = fixture.Token(userId, TimeSpan.FromSeconds(60));
        await using var client = await ConnectOpenAsync(token, userId);
        fixture.AdvanceTo(exp - TokenLifetimeFixture.Warning);
        await client.WaitForEventAsync("token-expiring");

        var ack = await client.RequestAsync("refresh-token", new { token });

        Assert.Equal(exp.ToUnixTimeMilliseconds(), ack.GetProperty("expiresAt").GetInt64());
        fixture.AdvanceTo(exp - TimeSpan.FromSeconds(1));
        await Task.Delay(Quiet);
        Assert.Single(client.Received("token-expiring"));
        fixture.AdvanceTo(exp + TokenLifetimeFixture.Skew);
        await client.Closed.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.Equal(4001, (int?)client.CloseStatus);
    }

    [Fact]
    public async Task A_token_shorter_than_twice_the_warning_is_warned_about_halfway_not_at_once()
    {
        var userId = TestIds.User();
        var (token, exp) = fixture.Token(userId, TimeSpan.FromSeconds(8));
        await using var client = await ConnectOpenAsync(token, userId);
        var connectedAt = fixture.Clock.GetUtcNow();

        await client.AssertNoEventAsync("token-expiring", Quiet);
        fixture.AdvanceTo(connectedAt + ((exp - connectedAt) / 2));

        Assert.Equal(exp.ToUnixTimeMilliseconds(), (await client.WaitForEventAsync("token-expiring")).GetProperty("expiresAt").GetInt64());
    }

    private static void AssertError(JsonElement ack, string code, string message)
    {
        Assert.Equal(code, ack.GetProperty("code").GetString());
        Assert.Equal(message, ack.GetProperty("error").GetString());
    }

    /// <summary>
    /// Connects and waits until the session has opened (a ping is answered only after that): moving the fake
    /// clock while the open's grain calls are in flight would time them out on that clock and fail the session.
    /// </summary>
    [Fact]
    public async Task A_closed_connection_leaves_nothing_in_the_expiry_schedule()
    {
        var watch = Server.Services.GetRequiredService<Orleans.Chat.Gateway.Sessions.TokenExpiryWatch>();
        var first = TestIds.User();
        var second = TestIds.User();
        await using (await ConnectOpenAsync(fixture.Token(first, TimeSpan.FromHours(1)).Token, first))
        await using (await ConnectOpenAsync(fixture.Token(second, TimeSpan.FromHours(1)).Token, second))
        {
            await Eventually.ProbeAsync(() => Task.FromResult(watch.Pending), pending => pending >= 2, "both sessions scheduled");
        }

        await Eventually.ProbeAsync(() => Task.FromResult(watch.Pending), pending => pending == 0, "the schedule emptied by the closes");
    }

    private async Task<TestChatClient> ConnectOpenAsync(string token, string userId)
    {
        var client = await Server.ConnectWithTokenAsync(token, userId);
        await client.RequestOkAsync("ping", null);
        return client;
    }

}

/// <summary>Auth:RequireExpiration off: tokens without exp are accepted and such a connection never expires.</summary>
public sealed class OptionalExpiryTests
{
    [Fact]
    public async Task With_RequireExpiration_off_a_token_without_exp_connects_and_is_never_warned()
    {
        const string SigningKey = "YoyUUhg3C/FpTa26eckNk69/QQPYIIMU/k4TvHXjF+xV";
        await using var server = await GatewayServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = SigningKey,
                ["Auth:RequireExpiration"] = "false",
                ["Auth:ExpiryWarning"] = "00:00:00",
                ["Auth:ClockSkew"] = "00:00:00",
            },
            environment: "Production");
        var userId = TestIds.User();

        await using var client = await server.ConnectWithTokenAsync(TestTokens.Create(SigningKey, userId, withExpiry: false), userId);
        var ack = await client.RequestAsync("refresh-token", new { token = TestTokens.Create(SigningKey, userId, withExpiry: false) });

        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.False(ack.TryGetProperty("expiresAt", out _));
        await client.AssertNoEventAsync("token-expiring", TimeSpan.FromMilliseconds(300));
        Assert.Equal(WebSocketState.Open, client.State);
    }
}
