using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Gateway.Extensions;
using Orleans.Chat.Gateway.Tests.Extensions;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>A gateway hosted by an app that registered its own event handlers (as ChatGatewayHost.Build callers do).</summary>
public sealed class ExtensionGatewayFixture : IAsyncLifetime
{
    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(
        new Dictionary<string, string?>(LoopbackCaps.Lifted) { ["Limits:EventsPerMinute"] = "100000" },
        configure: builder =>
        {
            builder.Services.AddChatEventHandler<DiceRollHandler>("dice-roll");
            builder.Services.AddChatEventHandler<WhoAmIHandler>("who-am-i");
            builder.Services.AddChatEventHandler<BrokenHandler>("broken");
            builder.Services.AddScoped<EventScopeMarker>();
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The extension point: app-defined client events answered by C# handlers in the gateway.</summary>
public sealed class ChatEventHandlerTests(ExtensionGatewayFixture fixture) : IClassFixture<ExtensionGatewayFixture>
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_handler_answers_its_event_with_the_sessions_user(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol, name: "Alice");

        var ack = await alice.RequestAsync("dice-roll", new { sides = 20 });

        Assert.Equal(["success", "value", "userId"], ack.EnumerateObject().Select(p => p.Name));
        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.InRange(ack.GetProperty("value").GetInt32(), 1, 20);
        Assert.Equal(alice.UserId, ack.GetProperty("userId").GetString());
        Assert.InRange((await alice.RequestOkAsync("dice-roll", null)).GetProperty("value").GetInt32(), 1, 6);
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_handlers_failure_is_the_ack_error_and_the_connection_goes_on(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol);

        AssertError(await alice.RequestAsync("dice-roll", new { sides = 1 }), "invalid_sides", "sides must be 2 to 100");
        AssertError(await alice.RequestAsync("dice-roll", new { sides = "six" }), "invalid_sides");
        AssertError(await alice.RequestAsync("broken", new { }), "unavailable", "Service unavailable");
        AssertError(await alice.RequestAsync("no-such-event", new { }), "unknown_event", "Unknown event");
        await alice.RequestOkAsync("dice-roll", new { sides = 2 });
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_handler_gets_the_event_the_session_the_payload_its_own_scope_and_the_grains(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol, name: "Alice");
        var room = TestIds.Room();
        await alice.RequestOkAsync("create-room", new { roomId = room, name = "Book club" });

        var first = await alice.RequestOkAsync("who-am-i", new { roomId = room, n = 1 });
        var second = await alice.RequestOkAsync("who-am-i", new { roomId = room, n = 2 });

        Assert.Equal("who-am-i", first.GetProperty("eventName").GetString());
        Assert.Equal((alice.UserId, "Alice"), (first.GetProperty("userId").GetString(), first.GetProperty("userName").GetString()));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("sessionId").GetString()));
        Assert.Equal(first.GetProperty("sessionId").GetString(), second.GetProperty("sessionId").GetString());
        Assert.Equal(2, second.GetProperty("payload").GetProperty("n").GetInt32());
        Assert.Equal("Book club", first.GetProperty("roomName").GetString());
        Assert.True(first.GetProperty("sameScope").GetBoolean());
        Assert.NotEqual(first.GetProperty("scopeId").GetString(), second.GetProperty("scopeId").GetString());
    }

    [Theory]
    [InlineData("message")]
    [InlineData("join-room")]
    [InlineData("room-event")]
    [InlineData("ping")]
    [InlineData("refresh-token")]
    [InlineData("edit-message")]
    public void Built_in_event_names_are_refused_at_registration(string eventName)
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddChatEventHandler<DiceRollHandler>(eventName));

        Assert.Contains("built-in", error.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Dice")]
    [InlineData("dice_roll")]
    [InlineData("1dice")]
    [InlineData("dice roll")]
    [InlineData("-dice")]
    [InlineData("dice\n")]
    [InlineData("a12345678901234567890123456789012345678901234567890123456789012345")]
    public void Malformed_event_names_are_refused_at_registration(string eventName)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddChatEventHandler<DiceRollHandler>(eventName));

        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_takes_one_handler()
    {
        var services = new ServiceCollection().AddChatEventHandler<DiceRollHandler>("dice-roll");

        var error = Assert.Throws<ArgumentException>(() => services.AddChatEventHandler<BrokenHandler>("dice-roll"));

        Assert.Contains("already has a handler", error.Message, StringComparison.Ordinal);
        services.AddChatEventHandler<BrokenHandler>("a");
        services.AddChatEventHandler<BrokenHandler>("a12345678901234567890123456789012345678901234567890123456789012");
    }
}
