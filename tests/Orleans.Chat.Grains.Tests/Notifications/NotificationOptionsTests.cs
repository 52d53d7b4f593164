using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains.Notifications;
using Orleans.Chat.Hosting.Notifications;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>The Notifications section as a silo reads it: refused settings name their key, never the secret.</summary>
public sealed class NotificationOptionsTests
{
    private const string StrongSecret = "Qm3v8ZtXw1Lk0PfYr7sUe2Hn9JcBd4Ga6";

    [Fact]
    public void Unset_webhook_means_off_and_needs_nothing_else()
    {
        using var provider = Build(new(), Environments.Production);

        var options = provider.GetRequiredService<IOptions<NotificationOptions>>().Value;
        Assert.False(options.Enabled);
        Assert.False(provider.GetRequiredService<IWebhookSender>().TryEnqueue(new WebhookNotification("bob", NotificationType.PrivateMessage, "d", new byte[] { 1 })));
        Assert.Equal((8, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)),
            (options.MaxAttempts, options.InitialBackoff, options.MaxBackoff, options.Debounce, options.Timeout));
    }

    [Theory]
    [InlineData("not a url", StrongSecret, "Notifications:WebhookUrl must be an absolute http or https URL")]
    [InlineData("/relative/hook", StrongSecret, "Notifications:WebhookUrl must be an absolute http or https URL")]
    [InlineData("ftp://example.org/hook", StrongSecret, "Notifications:WebhookUrl must be an absolute http or https URL")]
    [InlineData("https://hooks.internal/chat", null, "Notifications:Secret is required")]
    [InlineData("https://hooks.internal/chat", "short-Secret-9", "Notifications:Secret must be at least 32 characters")]
    [InlineData("https://hooks.internal/chat", "changeme-changeme-changeme-changeme-0", "Notifications:Secret is a placeholder")]
    public void Bad_settings_are_refused_in_production(string url, string? secret, string expected)
    {
        using var provider = Build(new() { ["Notifications:WebhookUrl"] = url, ["Notifications:Secret"] = secret }, Environments.Production);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NotificationOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Notifications:MaxAttempts", "0")]
    [InlineData("Notifications:MaxPendingPerUser", "0")]
    [InlineData("Notifications:Timeout", "00:00:00")]
    [InlineData("Notifications:InitialBackoff", "00:10:00")]
    public void Out_of_range_numbers_are_refused_naming_the_key(string key, string value)
    {
        using var provider = Build(new() { ["Notifications:WebhookUrl"] = "http://127.0.0.1:9/hook", ["Notifications:Secret"] = StrongSecret, [key] = value }, Environments.Production);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NotificationOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_takes_a_short_secret()
    {
        using var provider = Build(new() { ["Notifications:WebhookUrl"] = "http://localhost:5000/hook", ["Notifications:Secret"] = "dev" }, Environments.Development);

        Assert.True(provider.GetRequiredService<IOptions<NotificationOptions>>().Value.Enabled);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, string environment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment })
            .AddChatNotifications(configuration);
        return services.BuildServiceProvider();
    }
}
