using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Deploying the examples as they once shipped: their placeholder keys were working defaults.</summary>
public sealed class WeakSecretStartTests
{
    /// <summary>The values earlier deploy/docker-compose.yml and deploy/kubernetes/secret.example.yaml shipped.</summary>
    private const string ExampleSigningKey = "change-me-this-placeholder-key-is-not-secret-0123456789";
    private const string ExampleApiKey = "change-me-api-key";

    [Theory]
    [InlineData("Auth:SigningKey", ExampleSigningKey)]
    [InlineData("Api:Key", ExampleApiKey)]
    public async Task A_Production_start_with_a_deploy_example_key_fails_naming_the_key(string key, string exampleValue)
    {
        var error = await Record.ExceptionAsync(() => GatewayServer.StartAsync(
            HostileGatewayFixture.Settings(new Dictionary<string, string?> { [key] = exampleValue }), environment: "Production"));

        Assert.NotNull(error);
        var messages = string.Join(" / ", Messages(error));
        Assert.Contains(key, messages, StringComparison.Ordinal);
        Assert.DoesNotContain(exampleValue, messages, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Messages(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e.Message;
        }
    }
}
