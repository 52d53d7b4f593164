using System.Security.Cryptography;

namespace Orleans.Chat.Hostile.Tests.Infrastructure;

/// <summary>
/// A gateway as a stranger finds it on the internet: the Production environment, default options
/// except short heartbeats, a strong signing key and API key of the fixture's making. Attack tests
/// share it, so an attack that leaks into other users' service shows up in the probe.
/// </summary>
public sealed class HostileGatewayFixture : IAsyncLifetime
{
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    public static readonly string ApiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(Settings(), environment: "Production");

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The fixture's settings; an attack test that needs a gateway of its own starts one with these plus its overrides.</summary>
    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Api:Key"] = ApiKey,
            ["Connection:KeepAliveInterval"] = "00:00:02",
            ["Connection:KeepAliveTimeout"] = "00:00:02",
            ["SocketIo:PingInterval"] = "00:00:02",
            ["SocketIo:PingTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A valid token for this gateway (an hour of lifetime unless <paramref name="expires"/> says otherwise).</summary>
    public static string Token(string userId, string? name = null, DateTime? expires = null) =>
        TestTokens.Create(SigningKey, userId, name, expires: expires);

    /// <summary>A fresh user of this gateway, connected over the native protocol.</summary>
    public Task<TestChatClient> ConnectAsync(string? userId = null)
    {
        userId ??= TestIds.User();
        return Server.ConnectWithTokenAsync(Token(userId), userId);
    }
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileGatewayFixture>
{
    public const string Name = "hostile";
}
