using Orleans.Chat.SocketIoClient.Tests.Infrastructure;
using SocketIOClient.Transport;

namespace Orleans.Chat.SocketIoClient.Tests;

/// <summary>A Production gateway whose connections hear of their token's end 2 s ahead and lose it 1 s after exp.</summary>
public sealed class TokenLifetimeGatewayFixture : IAsyncLifetime
{
    public const string SigningKey = "dLe0/YzjkTpJyTbRtEo5zE5mBW/hdhK6Ir5YZbkQqXSv";

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

    /// <summary>A token expiring in <paramref name="seconds"/> whole seconds, and that exp.</summary>
    public static (string Token, DateTimeOffset ExpiresAt) Token(string userId, int seconds)
    {
        var exp = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + seconds);
        return (TestTokens.Create(SigningKey, userId, expires: exp.UtcDateTime), exp);
    }
}

/// <summary>Token lifetime over Socket.IO with real (short) token lifetimes.</summary>
public sealed class TokenLifetimeTests(TokenLifetimeGatewayFixture fixture) : IClassFixture<TokenLifetimeGatewayFixture>
{
    private static string NewUser() => "user-" + Guid.NewGuid().ToString("N")[..12];

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task A_token_without_exp_is_a_connection_error_Authentication_failed_missing_exp(TransportProtocol transport)
    {
        var token = TestTokens.Create(TokenLifetimeGatewayFixture.SigningKey, NewUser(), withExpiry: false);
        using var socket = ChatSocket.Create(fixture.Server.BaseUri, new { token }, transport);

        await socket.Client.ConnectAsync().WaitAsync(ChatSocket.DefaultTimeout);

        Assert.Equal("Authentication failed: missing exp", await socket.Error.WaitAsync(ChatSocket.DefaultTimeout));
        Assert.False(socket.Client.Connected);
    }

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task Token_expiring_then_token_expired_then_the_server_disconnects_the_socket(TransportProtocol transport)
    {
        var (token, exp) = TokenLifetimeGatewayFixture.Token(NewUser(), 4);
        using var socket = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, token, transport);
        var disconnected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Client.OnDisconnected += (_, reason) => disconnected.TrySetResult(reason);

        var expiring = (await socket.WaitForEventAsync("token-expiring"))[0];
        Assert.Equal(exp.ToUnixTimeMilliseconds(), expiring.GetProperty("expiresAt").GetInt64());
        Assert.True(DateTimeOffset.UtcNow < exp, "token-expiring came after exp");

        var error = (await socket.WaitForEventAsync("error"))[0];
        Assert.Equal("token_expired", error.GetProperty("code").GetString());
        Assert.True(DateTimeOffset.UtcNow >= exp.AddSeconds(1), "closed before exp + skew");
        Assert.Equal("io server disconnect", await disconnected.Task.WaitAsync(ChatSocket.DefaultTimeout));
    }

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task Refresh_token_keeps_the_socket_connected_past_the_old_exp(TransportProtocol transport)
    {
        var userId = NewUser();
        var (token, exp) = TokenLifetimeGatewayFixture.Token(userId, 4);
        using var socket = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, token, transport);
        await socket.WaitForEventAsync("token-expiring");

        var (fresh, freshExp) = TokenLifetimeGatewayFixture.Token(userId, 60);
        var ack = await socket.RequestAsync("refresh-token", new { token = fresh });
        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal(freshExp.ToUnixTimeMilliseconds(), ack.GetProperty("expiresAt").GetInt64());

        var (otherUsers, _) = TokenLifetimeGatewayFixture.Token(NewUser(), 60);
        var refused = await socket.RequestAsync("refresh-token", new { token = otherUsers });
        Assert.Equal("auth_failed", refused.GetProperty("code").GetString());

        await Task.Delay(exp.AddSeconds(2) - DateTimeOffset.UtcNow);
        Assert.True(socket.Client.Connected);
        Assert.Empty(socket.Received("error"));
        Assert.True((await socket.RequestAsync("join-room", "room-" + Guid.NewGuid().ToString("N")[..12])).GetProperty("success").GetBoolean());
    }
}
