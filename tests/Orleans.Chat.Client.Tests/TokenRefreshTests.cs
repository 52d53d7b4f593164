using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>A gateway that warns 2 s before a token's exp and closes 1 s after it; the tests' tokens live 4 s.</summary>
public sealed class ShortTokenGatewayFixture : IAsyncLifetime
{
    public const string SigningKey = "eBErv6YsYDmSzsOLxZNBaihN/DZZtTw/+AisVelXfVbH";

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:ExpiryWarning"] = "00:00:02",
            ["Auth:ClockSkew"] = "00:00:01",
        },
        environment: "Production");

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A token of the user that expires within 4 s (JWTs count whole seconds).</summary>
    public static string ShortToken(string userId) =>
        TestTokens.Create(SigningKey, userId, expires: DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 4).UtcDateTime);
}

public sealed class TokenRefreshTests(ShortTokenGatewayFixture fixture) : IClassFixture<ShortTokenGatewayFixture>, IAsyncLifetime
{
    private static readonly ReconnectOptions FastReconnect = new() { MinDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(250) };

    private readonly List<ChatClient> _clients = [];

    [Fact]
    public async Task A_client_with_tokens_of_seconds_stays_connected_past_several_expiries_with_a_fresh_token_each_time()
    {
        var userId = TestIds.User();
        var tokens = 0;
        var client = NewClient(userId, _ =>
        {
            Interlocked.Increment(ref tokens);
            return ValueTask.FromResult(ShortTokenGatewayFixture.ShortToken(userId));
        });
        var refreshed = new EventLog<TokenRefreshedEvent>();
        var states = new EventLog<ConnectionState>();
        var connected = new EventLog<ConnectedEvent>();
        client.TokenRefreshed += refreshed.Handler;
        client.StateChanged += states.Handler;
        client.Connected += connected.Handler;

        await client.ConnectAsync();
        var joined = await client.JoinRoomAsync(TestIds.Room());

        // Three refreshes span well over two whole token lifetimes.
        var refreshes = await refreshed.WaitUntilAsync(r => r.Count >= 3, "three token refreshes", TimeSpan.FromSeconds(20));
        Assert.All(refreshes, r => Assert.True(r.ExpiresAt > 0));
        Assert.True(refreshes[2].ExpiresAt > refreshes[0].ExpiresAt);
        Assert.True(Volatile.Read(ref tokens) >= 4);
        Assert.Single(connected.Received);
        Assert.Equal([ConnectionState.Connecting, ConnectionState.Connected], states.Received);
        Assert.Equal(1, (await client.SendMessageAsync(joined.Room.Id, "still here")).Seq);
    }

    [Fact]
    public async Task A_refused_refresh_lets_the_server_close_and_the_reconnect_takes_a_fresh_token()
    {
        var userId = TestIds.User();
        var calls = 0;
        var client = NewClient(userId, _ =>
        {
            // The refresh (second call) hands over another user's token, which the server refuses.
            var call = Interlocked.Increment(ref calls);
            return ValueTask.FromResult(ShortTokenGatewayFixture.ShortToken(call == 2 ? TestIds.User() : userId));
        });
        var connected = new EventLog<ConnectedEvent>();
        var states = new EventLog<ConnectionState>();
        client.Connected += connected.Handler;
        client.StateChanged += states.Handler;

        await client.ConnectAsync();

        var sessions = await connected.WaitUntilAsync(c => c.Count >= 2, "a reconnect after the expiry", TimeSpan.FromSeconds(20));
        Assert.All(sessions, s => Assert.Equal(userId, s.UserId));
        Assert.Contains(ConnectionState.Reconnecting, states.Received);
        Assert.True(Volatile.Read(ref calls) >= 3);
        await client.PingAsync();
    }

    private ChatClient NewClient(string userId, Func<CancellationToken, ValueTask<string>> tokenProvider)
    {
        var client = new ChatClient(new ChatClientOptions
        {
            ServerUri = fixture.Server.WebSocketUri(null),
            TokenProvider = tokenProvider,
            Reconnect = FastReconnect,
            AckTimeout = TimeSpan.FromSeconds(10),
        });
        _clients.Add(client);
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
