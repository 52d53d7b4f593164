using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Chat.Hosting;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class ChatEventsOptionsTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("true", null, true)]
    [InlineData("false", null, false)]
    [InlineData(null, "https://hooks.example.com/chat", true)]
    [InlineData("false", "https://hooks.example.com/chat", true)]
    [InlineData(null, "  ", false)]
    public void The_feed_is_off_by_default_and_on_when_enabled_or_a_webhook_url_is_set(string? enabled, string? webhookUrl, bool expected)
    {
        using var provider = Build(new() { ["ChatEvents:Enabled"] = enabled, ["Notifications:WebhookUrl"] = webhookUrl });

        Assert.Equal(expected, provider.GetRequiredService<IOptions<ChatEventsOptions>>().Value.Enabled);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    public void A_pending_cap_out_of_range_fails_naming_the_key(string maxPending)
    {
        using var provider = Build(new() { ["ChatEvents:MaxPendingPerScope"] = maxPending });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChatEventsOptions>>().Value);
        Assert.Contains("ChatEvents:MaxPendingPerScope", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddChatGrainOptions(configuration).BuildServiceProvider();
    }
}
