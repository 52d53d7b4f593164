using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// A Production gateway with a known signing key, issuer and audience: the tests mint their own tokens.
/// </summary>
public sealed class AuthGatewayFixture : IAsyncLifetime
{
    public const string SigningKey = "vHB0vxCDSGuo7QkXfcC75hFe++eTKt7/1XDlfPDSbXZz";
    public const string Issuer = "orleans-chat-tests";
    public const string Audience = "orleans-chat-clients";

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
        },
        environment: "Production");

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A token this gateway accepts, unless a parameter says otherwise.</summary>
    public static string Token(
        string? userId,
        string? name = null,
        string signingKey = SigningKey,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? expires = null) =>
        TestTokens.Create(signingKey, userId, name, issuer, audience, expires);
}

public sealed class AuthenticationTests(AuthGatewayFixture fixture) : IClassFixture<AuthGatewayFixture>
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task No_token_is_answered_401_auth_required_before_the_upgrade()
    {
        using var response = await Server.Http.GetAsync("/ws");

        await AssertAuthErrorAsync(response, "Authentication required", "auth_required");
    }

    [Fact]
    public async Task No_token_fails_the_websocket_handshake_with_401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Server.WebSocketUri(null), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("malformed")]
    [InlineData("expired")]
    [InlineData("issuer")]
    [InlineData("audience")]
    [InlineData("no-sub")]
    [InlineData("no-exp")]
    public async Task Bad_token_is_answered_401_auth_failed_with_the_reason(string defect)
    {
        var userId = TestIds.User();
        var (token, reason) = defect switch
        {
            "signature" => (AuthGatewayFixture.Token(userId, signingKey: "a-different-signing-key-0123456789-abcdefghij"), "invalid signature"),
            "malformed" => ("this-is-not-a-jwt", "malformed token"),
            // Well past the 30 s clock skew.
            "expired" => (AuthGatewayFixture.Token(userId, expires: DateTime.UtcNow.AddMinutes(-5)), "token expired"),
            "issuer" => (AuthGatewayFixture.Token(userId, issuer: "someone-else"), "invalid issuer"),
            "audience" => (AuthGatewayFixture.Token(userId, audience: "another-service"), "invalid audience"),
            "no-sub" => (AuthGatewayFixture.Token(null), "missing sub claim"),
            "no-exp" => (TestTokens.Create(AuthGatewayFixture.SigningKey, userId, issuer: AuthGatewayFixture.Issuer, audience: AuthGatewayFixture.Audience, withExpiry: false), "missing exp"),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };

        using var response = await Server.Http.GetAsync($"/ws?token={Uri.EscapeDataString(token)}");
        await AssertAuthErrorAsync(response, "Authentication failed: " + reason, "auth_failed");

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Server.WebSocketUri(token), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Bad_token_in_the_authorization_header_is_answered_401_auth_failed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ws");
        request.Headers.Authorization = new("Bearer", AuthGatewayFixture.Token(TestIds.User(), expires: DateTime.UtcNow.AddMinutes(-5)));

        using var response = await Server.Http.SendAsync(request);

        await AssertAuthErrorAsync(response, "Authentication failed: token expired", "auth_failed");
    }

    [Fact]
    public async Task Expiry_within_the_clock_skew_is_still_accepted()
    {
        var userId = TestIds.User();

        await using var client = await Server.ConnectWithTokenAsync(AuthGatewayFixture.Token(userId, expires: DateTime.UtcNow.AddSeconds(-5)), userId);

        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Valid_token_in_the_query_connects_as_its_subject_with_its_name()
    {
        var userId = TestIds.User();

        await using var client = await Server.ConnectWithTokenAsync(AuthGatewayFixture.Token(userId, name: "Query Alice"), userId);

        var connected = client.Received("connected").Single();
        Assert.Equal(userId, connected.GetProperty("userId").GetString());
        var join = await client.RequestAsync("join-room", TestIds.Room());
        var me = join.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetString() == userId);
        Assert.Equal("Query Alice", me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Valid_token_in_the_authorization_bearer_header_connects()
    {
        var userId = TestIds.User();

        await using var client = await Server.ConnectWithTokenAsync(AuthGatewayFixture.Token(userId), userId, viaHeader: true);

        Assert.Equal(userId, client.Received("connected").Single().GetProperty("userId").GetString());
        var pong = client.WaitForEventAsync("pong");
        await client.EmitAsync("ping", null);
        await pong;
    }

    [Fact]
    public async Task Name_defaults_to_the_user_id_without_a_name_claim()
    {
        var userId = TestIds.User();
        await using var client = await Server.ConnectWithTokenAsync(AuthGatewayFixture.Token(userId), userId);

        var join = await client.RequestAsync("join-room", TestIds.Room());

        var me = join.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetString() == userId);
        Assert.Equal(userId, me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Dev_token_endpoint_does_not_exist_in_production()
    {
        using var response = await Server.Http.PostAsync(
            "/auth/dev-token",
            new StringContent("""{"userId":"mallory","name":"Mallory"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Production_gateway_without_a_signing_key_refuses_to_start()
    {
        var error = await Record.ExceptionAsync(() => GatewayServer.StartAsync(new Dictionary<string, string?>(), environment: "Production"));

        Assert.NotNull(error);
        var messages = string.Join(" / ", Flatten(error).Select(e => e.Message));
        Assert.Contains("Auth:SigningKey", messages, StringComparison.Ordinal);
    }

    private static async Task AssertAuthErrorAsync(HttpResponseMessage response, string error, string code)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    [Fact]
    public async Task A_token_whose_sub_is_no_valid_id_is_refused_with_invalid_sub()
    {
        foreach (var sub in new[] { new string('u', 129), "user\u0007", "user\u2066x" })
        {
            using var response = await fixture.Server.Http.SendAsync(UpgradeRequest.To($"/ws?token={AuthGatewayFixture.Token(sub)}"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("auth_failed", body.GetProperty("code").GetString());
            Assert.Equal("Authentication failed: invalid sub", body.GetProperty("error").GetString());
        }
    }
}
