using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Protocol.SocketIo;
using Orleans.Chat.Grains;
using Orleans.Chat.Hosting;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>Every options class refuses a bad value with a failure that names the configuration key and the rule.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string, string> BadGatewayValues => new()
    {
        { "Limits:ConnectionsPerUser", "0", "Limits:ConnectionsPerUser must be between 1 and 100000 (was 0)." },
        { "Limits:MaxFrameBytes", "10", "Limits:MaxFrameBytes must be between 256 and 16777216 (was 10)." },
        { "Limits:CustomMessageTypes:0", "system", "Limits:CustomMessageTypes may not contain 'system'" },
        { "Auth:ClockSkew", "01:00:00", "Auth:ClockSkew must be between 00:00:00 and 00:10:00 (was 01:00:00)." },
        { "Auth:SigningKey", "too-short", "Auth:SigningKey must be at least 32 bytes for HS256." },
        { "Api:RequestsPerMinute", "0", "Api:RequestsPerMinute must be between 1 and 1000000 (was 0)." },
        { "Api:Key", "short", "Api:Key must be at least 32 bytes" },
        { "Connection:KeepAliveInterval", "00:00:00", "Connection:KeepAliveInterval must be between 00:00:01 and 01:00:00 (was 00:00:00)." },
        { "Gateway:LeaseRenewInterval", "00:00:00", "Gateway:LeaseRenewInterval must be between 00:00:00.1000000 and 00:10:00 (was 00:00:00)." },
        { "Gateway:AllowedOrigins:0", "https://app.example/path", "Gateway:AllowedOrigins entry 'https://app.example/path' is neither '*' nor an origin" },
        { "Gateway:RoomEventPattern", "([a-z", "Gateway:RoomEventPattern '([a-z' is not a valid regular expression." },
        { "Limits:MaxRoomEventBytes", "-1", "Limits:MaxRoomEventBytes must be between 0 and 16777216 (was -1)." },
        { "SocketIo:MaxDisconnectionDuration", "00:00:00", "SocketIo:MaxDisconnectionDuration must be between 00:00:01 and 01:00:00 (was 00:00:00)." },
        { "SocketIo:PingInterval", "00:00:00", "SocketIo:PingInterval must be between 00:00:00.0010000 and 24.20:31:23.6470000 (was 00:00:00)." },
        { "SocketIo:MaxAttachments", "-1", "SocketIo:MaxAttachments must be between 0 and 2147483647 (was -1)." },
        { "SocketIo:Path", "socket.io", "SocketIo:Path must start with '/'." },
        { "Calls:TurnUrls:0", "turn:127.0.0.1:3478", "Calls:TurnUrls needs Calls:TurnSecret" },
        { "Calls:TurnSecret", "short", "Calls:TurnSecret must be at least 32 bytes" },
        { "Calls:StunUrls:0", "http://stun.example", "Calls:StunUrls entry 'http://stun.example' is not a stun: or stuns: url." },
        { "Calls:TurnCredentialTtl", "00:00:10", "Calls:TurnCredentialTtl must be between 00:01:00 and 2.00:00:00 (was 00:00:10)." },
    };

    public static TheoryData<string, string, string> BadGrainValues => new()
    {
        { "Limits:HistoryPerRoom", "0", "Limits:HistoryPerRoom must be between 1 and 100000 (was 0)." },
        { "Limits:HistoryPageSize", "5", "Limits:HistoryPageSize must be between 10 and 1000 (was 5)." },
        { "Limits:MaxUnreadPrivateMessages", "5000", "Limits:HistoryPerConversation (1000) must be at least Limits:MaxUnreadPrivateMessages (5000)" },
        { "Presence:LeaseTtl", "02:00:00", "Presence:LeaseTtl must be between 00:00:00.1000000 and 01:00:00 (was 02:00:00)." },
        { "Presence:GatewayCheckInterval", "00:00:00", "Presence:GatewayCheckInterval must be between 00:00:00.0100000 and 00:10:00 (was 00:00:00)." },
        { "Presence:GatewayCheckInterval", "00:00:30", "Presence:GatewayCheckInterval (00:00:30) must be shorter than Presence:LeaseTtl (00:00:30)." },
        { "Presence:StatsFlushInterval", "00:00:00", "Presence:StatsFlushInterval must be between 00:00:00.0100000 and 00:10:00 (was 00:00:00)." },
        { "Presence:UserIdleLifetime", "00:00:30", "Presence:UserIdleLifetime must be between 00:01:00 and 1.00:00:00 (was 00:00:30)." },
        { "Limits:RoomsPerUser", "0", "Limits:RoomsPerUser must be between 1 and 1000000 (was 0)." },
    };

    public static TheoryData<string, string, string> BadHostValues => new()
    {
        { "Orleans:SiloPort", "0", "Orleans:SiloPort must be between 1 and 65535 (was 0)." },
        { "Orleans:ClusterId", "", "Orleans:ClusterId is required." },
        { "Orleans:AdvertisedIP", "not-an-ip", "Orleans:AdvertisedIP 'not-an-ip' is not an IP address." },
        { "Orleans:Membership", "Redis", "Redis:ConnectionString is required when Orleans:Membership or Orleans:Storage is Redis." },
        { "Streams:Queues", "0", "Streams:Queues must be between 1 and 256 (was 0)." },
        { "Orleans:Tls:TrustedCertificatePath", "ca.crt", "Orleans:Tls:TrustedCertificatePath needs a certificate of this process too" },
        { "Orleans:DashboardUsername", "operator", "Set both Orleans:DashboardUsername and Orleans:DashboardPassword, or neither." },
    };

    [Theory]
    [MemberData(nameof(BadGatewayValues))]
    public void A_bad_gateway_value_is_refused_naming_its_key(string key, string value, string expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        Hosting.GatewayServiceCollectionExtensions.AddChatGateway(builder);
        using var services = builder.Services.BuildServiceProvider();

        var line = RefusalOf(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadGrainValues))]
    public void A_bad_grain_value_is_refused_naming_its_key(string key, string value, string expected)
    {
        var configuration = Configuration(key, value);
        using var services = new ServiceCollection().AddChatGrainOptions(configuration).BuildServiceProvider();

        var line = RefusalOf(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadHostValues))]
    public void A_bad_cluster_value_is_refused_naming_its_key(string key, string value, string expected)
    {
        var configuration = Configuration(key, value);
        var environment = new HostingEnvironment { EnvironmentName = Environments.Production };

        var line = RefusalOf(() =>
        {
            ChatClusterOptions.From(configuration);
            ChatStreamOptions.From(configuration);
            ClusterTlsOptions.From(configuration);
            ChatDashboard.From(configuration, environment);
        });

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_pass_everywhere()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        Hosting.GatewayServiceCollectionExtensions.AddChatGateway(builder);
        builder.Services.AddChatGrainOptions(builder.Configuration);
        using var services = builder.Services.BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(services.GetRequiredService<IOptions<LimitsOptions>>().Value);
        Assert.NotNull(services.GetRequiredService<IOptions<SocketIoChatOptions>>().Value);
        Assert.NotNull(services.GetRequiredService<IOptions<SocketIoOptions>>().Value);
        Assert.NotNull(services.GetRequiredService<IOptions<PresenceOptions>>().Value);
        Assert.Equal("orleans-chat", ChatClusterOptions.From(builder.Configuration).ClusterId);
    }

    [Fact]
    public void Several_failures_make_one_line()
    {
        var error = new OptionsValidationException("Limits", typeof(LimitsOptions), ["Limits:A must be 1 (was 0).", "Limits:B must be\n2 (was 0)."]);

        Assert.Equal("Configuration error: Limits:A must be 1 (was 0). Limits:B must be 2 (was 0).", ConfigurationError.Describe(new AggregateException(error)));
        Assert.Null(ConfigurationError.Describe(new InvalidOperationException("not configuration")));
    }

    private static IConfiguration Configuration(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

    private static string RefusalOf(Action start)
    {
        var error = Record.Exception(start);
        Assert.NotNull(error);
        var line = ConfigurationError.Describe(error);
        Assert.NotNull(line);
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        return line;
    }
}
