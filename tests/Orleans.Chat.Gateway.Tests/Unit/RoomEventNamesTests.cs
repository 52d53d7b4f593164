using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>Gateway:RoomEventPattern decides which room-event names pass; a pattern that backtracks forever cannot stall the gateway.</summary>
public sealed class RoomEventNamesTests
{
    [Theory]
    [InlineData("cursor", true)]
    [InlineData("a", true)]
    [InlineData("game-move-2", true)]
    [InlineData("Cursor", false)]
    [InlineData("2d", false)]
    [InlineData("a.b", false)]
    [InlineData("cursor\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_default_pattern_takes_lower_case_names_up_to_64_characters(string? name, bool valid)
    {
        var names = Names(GatewayOptions.DefaultRoomEventPattern);

        Assert.Equal(valid, names.IsValid(name));
        Assert.True(names.IsValid(new string('a', 64)));
        Assert.False(names.IsValid(new string('a', 65)));
    }

    [Fact]
    public void A_configured_pattern_replaces_the_default()
    {
        var names = Names(@"^app\.[a-z]+$");

        Assert.True(names.IsValid("app.cursor"));
        Assert.False(names.IsValid("cursor"));
    }

    [Fact]
    public void A_match_that_runs_over_its_timeout_is_a_refusal()
    {
        var names = Names("^(a+)+$");

        Assert.False(names.IsValid(new string('a', 40) + "!"));
    }

    private static RoomEventNames Names(string pattern) =>
        new(Microsoft.Extensions.Options.Options.Create(new GatewayOptions { RoomEventPattern = pattern }));
}
