using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Backend.Tests;

public sealed class ChatBackendOptionsTests
{
    [Fact]
    public void The_rules_are_read_from_the_gateways_own_keys()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["Limits:MaxContentLength"] = "10",
            ["Limits:MaxRoomEventBytes"] = "20",
            ["Gateway:RoomEventPattern"] = "^go$",
            ["Backend:UserId"] = "svc",
        }).Value;
        Assert.Equal((10, 20, "^go$", "svc"), (options.MaxContentLength, options.MaxRoomEventBytes, options.RoomEventPattern, options.UserId));

        var rules = new ChatInputRules(Options.Create(options));
        Assert.Equal("go", rules.EventName("go"));
        Assert.Equal(ChatInputException.InvalidFormat, Assert.Throws<ChatInputException>(() => rules.EventName("ping")).Code);
        Assert.Equal(ChatInputException.ContentTooLong, Assert.Throws<ChatInputException>(() => rules.Content(new string('x', 11))).Code);
    }

    [Theory]
    [InlineData("Backend:UserId", "a\u0000b")]
    [InlineData("Gateway:RoomEventPattern", "([a-z")]
    [InlineData("Limits:MaxContentLength", "0")]
    [InlineData("Backend:MaxTrackedScopes", "0")]
    public void Bad_settings_fail_at_start(string key, string value)
    {
        var options = Resolve(new Dictionary<string, string?> { [key] = value });
        Assert.Throws<OptionsValidationException>(() => options.Value);
    }

    [Fact]
    public void The_scope_table_forgets_its_oldest_scope_past_its_capacity()
    {
        var seqs = new ScopeSeqs(capacity: 2);
        seqs.Get(ChatEventScope.Room, "a").MessageSeq = 5;
        seqs.Get(ChatEventScope.Room, "b").MessageSeq = 6;
        Assert.Equal(6, seqs.Get(ChatEventScope.Room, "b").MessageSeq);
        seqs.Get(ChatEventScope.Conversation, "a").MessageSeq = 7;

        Assert.Equal(2, seqs.Count);
        Assert.Equal(0, seqs.Get(ChatEventScope.Room, "a").MessageSeq);
    }

    private static IOptions<ChatBackendOptions> Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddOrleansChatBackendRules(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<ChatBackendOptions>>();
    }
}
