using System.Globalization;

namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway with a short ring timeout and ICE servers configured: a STUN url, and a TURN url on a free
/// loopback port where the TURN test starts coturn with <see cref="TurnSecret"/>.
/// </summary>
public sealed class CallsGatewayFixture : IAsyncLifetime
{
    /// <summary>Calls:RingTimeout of this gateway.</summary>
    public static readonly TimeSpan RingTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Calls:TurnSecret, coturn's static-auth-secret in the TURN test (strong enough for Production's checks).</summary>
    public const string TurnSecret = "Qm4rT8vZ2xK6pW1nB9cY3hJ7sD5fG0aL";

    public static readonly TimeSpan TurnCredentialTtl = TimeSpan.FromMinutes(10);

    public GatewayServer Server { get; private set; } = null!;

    /// <summary>The loopback port of the TURN url this gateway hands out.</summary>
    public int TurnPort { get; } = FreePort.Next();

    public string StunUrl => $"stun:127.0.0.1:{TurnPort}";

    public string TurnUrl => $"turn:127.0.0.1:{TurnPort}?transport=udp";

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted)
    {
        ["Limits:EventsPerMinute"] = "100000",
        ["Api:RequestsPerMinute"] = "100000",
        ["Calls:RingTimeout"] = RingTimeout.ToString(),
        ["Calls:StunUrls:0"] = StunUrl,
        ["Calls:TurnUrls:0"] = TurnUrl,
        ["Calls:TurnSecret"] = TurnSecret,
        ["Calls:TurnCredentialTtl"] = TurnCredentialTtl.ToString("c", CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CallsGatewayCollection : ICollectionFixture<CallsGatewayFixture>
{
    public const string Name = "calls-gateway";
}
