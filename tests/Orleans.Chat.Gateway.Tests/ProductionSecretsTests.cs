using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>A Production gateway refuses to start with a weak signing key, API key or dashboard password, and says which.</summary>
public sealed class ProductionSecretsTests
{
    private const string StrongKey = "vHB0vxCDSGuo7QkXfcC75hFe++eTKt7/1XDlfPDSbXZz";

    public static TheoryData<string, string> WeakSecrets => new()
    {
        { "Auth:SigningKey", "change-me-this-placeholder-key-is-not-secret-0123456789" },
        { "Auth:SigningKey", new string('k', 48) },
        { "Auth:SigningKey", "0123456789abcdef0123456789abcdef0123456789abcdef" },
        { "Auth:SigningKey", "ab3cd9ab9c3dba3d9cab3d9c9dab3c9dab3ccdab9d3a" },
        { "Auth:SigningKey", "my-super-secret-password-for-the-chat-123456" },
        { "Api:Key", "change-me-api-key-but-long-enough-to-pass-32-bytes" },
        { "Api:Key", "passwordpasswordpasswordpassword" },
        { "Api:Key", "my-super-secret-password-for-the-chat-123456" },
        { "Orleans:DashboardPassword", "admin-password-secret" },
        { "Calls:TurnSecret", "my-turn-secret-password-for-the-chat-123456" },
    };

    [Theory]
    [MemberData(nameof(WeakSecrets))]
    public async Task Production_start_with_a_weak_secret_fails_naming_the_key_but_not_its_value(string key, string weakValue)
    {
        var settings = new Dictionary<string, string?> { ["Auth:SigningKey"] = StrongKey, [key] = weakValue };
        if (key == "Orleans:DashboardPassword")
        {
            settings["Orleans:DashboardUsername"] = "operator";
        }

        var error = await Record.ExceptionAsync(() => GatewayServer.StartAsync(settings, environment: "Production"));

        Assert.NotNull(error);
        var messages = AllMessages(error);
        Assert.Contains(key, messages, StringComparison.Ordinal);
        Assert.DoesNotContain(weakValue, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_key_shorter_than_32_bytes_fails_the_start_in_any_environment()
    {
        var error = await Record.ExceptionAsync(() => GatewayServer.StartAsync(new Dictionary<string, string?> { ["Api:Key"] = "Zx81-Qw7#-Er9$-Ty2%" }));

        Assert.NotNull(error);
        Assert.Contains("Api:Key must be at least 32 bytes", AllMessages(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_key_is_allowed_in_Development()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Auth:SigningKey"] = "my-super-secret-password-for-the-chat-123456" });

        using var response = await server.Http.GetAsync("/health/live");
        Assert.True(response.IsSuccessStatusCode);
    }

    private static string AllMessages(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(AllMessages));
            }
        }

        return string.Join(" / ", messages);
    }
}
